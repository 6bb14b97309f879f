#!/usr/bin/env bash
# The Backup Jobs view under load (issue 6): 100,000 jobs stored, then GET /jobs?status=InProgress and
# GET /jobs?vaultId=…&limit=50 through the gateway at about 200 requests/s (wrk, Debian package), p50/p90/p99 printed;
# then the time from a worker's completion to Completed in the API and on the SSE stream. Needs ./backup-center up.
# Run from the repository root: job-service/bench/jobs-load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
curl -fsS -o /dev/null http://localhost:8080/q/health || { echo "start the system first: ./backup-center up" >&2; exit 1; }
export PGPASSWORD=backup
psql() { command psql -q -h 127.0.0.1 -U backup -d backup_job "$@"; }
echo "• storing 100,000 jobs (20 vaults, 2 % InProgress)"
psql -c "insert into job (id, operation, status, entity_name, vault_id, protected_item_id, start_time, end_time,
    progress_percent, initiated_by, updated_at, tasks)
  select 'bench-' || g, 'Backup', case when g % 50 = 0 then 'InProgress' when g % 17 = 0 then 'Failed' else 'Completed' end,
    'vm-' || (g % 1000), 'bench-vault-' || (g % 20), 'bench-item-' || (g % 1000), now() - (g || ' seconds')::interval,
    case when g % 50 = 0 then null else now() - (g || ' seconds')::interval + interval '3 minutes' end,
    case when g % 50 = 0 then 40 else 100 end, 'bench', now(),
    '[{\"name\":\"Take Snapshot\",\"status\":\"Completed\"},{\"name\":\"Transfer data to vault\",\"status\":\"Completed\"}]'
  from generate_series(1, 100000) g on conflict do nothing" -c "analyze job"
trap 'psql -c "delete from job where id like '"'"'bench-%'"'"'"' EXIT
for url in 'http://localhost:8080/api/v1/jobs?status=InProgress' 'http://localhost:8080/api/v1/jobs?vaultId=bench-vault-7&limit=50'; do
  echo "• $url"
  wrk -t2 -c10 -d5s -s job-service/bench/rate200.lua "$url" >/dev/null
  wrk -t2 -c10 -d30s --latency -s job-service/bench/rate200.lua "$url" | grep -E "Requests/sec|50%|90%|99%"
done
echo "• completion to Completed (50 backups of 4 MiB disks, 10 at a time)"
python3 job-service/bench/completion-latency.py
