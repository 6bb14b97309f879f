# Time from a worker's completion (the job's endTime) to the job showing Completed on the SSE stream and in the API.
import json, threading, time, urllib.request, uuid, os, subprocess, datetime
G = "http://localhost:8080/api/v1"
def call(method, path, body=None):
    req = urllib.request.Request(G + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
arrivals = {}
def listen():
    with urllib.request.urlopen(G + "/jobs/stream") as r:
        for raw in r:
            line = raw.decode().strip()
            if line.startswith("data: "):
                job = json.loads(line[6:])
                if job["status"] == "Completed" and job["id"] not in arrivals:
                    arrivals[job["id"]] = (time.time(), job["endTime"])
threading.Thread(target=listen, daemon=True).start()
time.sleep(1)
s = uuid.uuid4().hex[:6]
vault = call("POST", "/vaults", {"name": "lat-" + s, "resourceGroup": "bench-rg", "region": "westeurope"})["id"]
items = []
for i in range(10):
    disk = os.path.abspath(f".data/bench/lat-{s}-{i}.img")
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    with open(disk, "wb") as f:
        f.write(os.urandom(1 << 20) * 4)
    vm = call("POST", "/virtual-machines", {"name": f"lat-{s}-{i}", "resourceGroup": "bench-rg", "region": "westeurope",
              "osType": "Linux", "disks": [{"name": "osdisk", "lun": -1, "source": "file://" + disk}],
              "backup": {"enabled": True, "vaultId": vault}})
    items.append(vm["protection"]["protectedItemId"])
api_lag, sse_lag = [], []
for _ in range(5):
    jobs = [call("POST", f"/vaults/{vault}/protected-items/{item}/backup", {})["jobId"] for item in items]
    pending = set(jobs)
    while pending:
        page = call("GET", f"/jobs?vaultId={vault}&limit=20")["items"]
        seen = time.time()
        for j in page:
            if j["id"] in pending and j["status"] == "Completed":
                end = datetime.datetime.fromisoformat(j["endTime"].replace("Z", "+00:00")).timestamp()
                api_lag.append(seen - end)
                pending.discard(j["id"])
        time.sleep(0.02)
    time.sleep(1)
    for job in jobs:
        if job in arrivals:
            t, e = arrivals[job]
            sse_lag.append(t - datetime.datetime.fromisoformat(e.replace("Z", "+00:00")).timestamp())
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"jobs: {len(api_lag)} via API, {len(sse_lag)} via SSE")
print(f"completion -> API shows Completed: p50 {pct(api_lag,50)*1000:.0f} ms, p99 {pct(api_lag,99)*1000:.0f} ms, max {max(api_lag)*1000:.0f} ms (the vault's jobs polled every 20 ms)")
print(f"completion -> SSE event Completed: p50 {pct(sse_lag,50)*1000:.0f} ms, p99 {pct(sse_lag,99)*1000:.0f} ms, max {max(sse_lag)*1000:.0f} ms")
