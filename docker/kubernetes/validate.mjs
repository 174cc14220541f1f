// Checks the manifests against the Kubernetes API's schemas (kubernetes-models, from npm), field
// names included: run by docker/kubernetes/validate, which installs it. Prints one line per
// object; exits 1 on the first file that does not validate.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.ECBD_VALIDATE_MODULES;
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { parseAllDocuments } = await load("yaml/dist/index.js");

const models = {
  "apps/v1 Deployment": async () => (await load("kubernetes-models/apps/v1/index.js")).Deployment,
  "v1 Service": async () => (await load("kubernetes-models/v1/index.js")).Service,
  "autoscaling/v2 HorizontalPodAutoscaler": async () => (await load("kubernetes-models/autoscaling/v2/index.js")).HorizontalPodAutoscaler,
  "policy/v1 PodDisruptionBudget": async () => (await load("kubernetes-models/policy/v1/index.js")).PodDisruptionBudget,
};

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = document.toJS();
    const key = `${object.apiVersion} ${object.kind}`;
    const model = models[key];
    if (!model) {
      console.log(`${basename(file)}: ${key}: no schema here for this kind`);
      failed = true;
      continue;
    }
    try {
      const Model = await model();
      new Model(object).validate();
      console.log(`${basename(file)}: ${key} ${object.metadata.name}: valid`);
    } catch (error) {
      console.log(`${basename(file)}: ${key} ${object.metadata.name}: ${error.message}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
