-- Prints machine-readable lines at the end of a wrk run: counts, errors and latency percentiles (µs),
-- then the latency spectrum for the plots.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d socket_errors=%d non2xx=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
  for _, p in ipairs({10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99}) do
    io.write(string.format("SPECTRUM %s %d\n", p, latency:percentile(p)))
  end
end
