#!/usr/bin/env bash
# Create (once) an encrypted demo store of synthetic testimonies and serve it on 127.0.0.1:8000.
set -euo pipefail
home="$1"
export MOKSORI_HOME="$home"
bin=".venv/bin"
keyfile="$home.key"
if [ ! -f "$keyfile" ]; then
  umask 077
  python3 -c 'import secrets; print(secrets.token_hex(32))' > "$keyfile"
fi
export MOKSORI_DB_KEY="$(cat "$keyfile")"
if [ ! -f "$home/keys.json" ]; then
  "$bin/moksori" init
  touch "$home/DEMO"  # marks a demo store: `moksori demo-code` works only there
  "$bin/moksori" demo-data --n 300 --seed 2019
  # Link the organisations' survivors once, so findings count a woman seen twice once and the review
  # queue has pairs to decide.
  "$bin/moksori" link-store
  for role in coordinator interviewer coder analyst legal_officer admin; do
    MOKSORI_DEMO_PASSWORD="moksori-demo-passphrase" "$bin/moksori" createuser "demo-$role" --role "$role" \
      --all-compartments --password-env MOKSORI_DEMO_PASSWORD \
      > "$home.$role.login" 2>&1
  done
fi
echo
echo "Moksori demo: synthetic data only (fictional people)."
echo "  Store:     $home (encrypted; its key is in $keyfile, for this demo only)"
echo "  Open:      http://127.0.0.1:8000/"
echo "  Log in as: demo-coordinator, password moksori-demo-passphrase (other roles: demo-interviewer, demo-coder,
             demo-analyst, demo-legal_officer, demo-admin; same password)"
echo "  Second factor: a 6-digit code from an authenticator app set up with the QR code in $home.coordinator.login,"
echo "                 or, for this demo store, print the current code with:"
echo "                 MOKSORI_HOME=$home MOKSORI_DB_KEY=\$(cat $keyfile) $bin/moksori demo-code demo-coordinator"
echo
exec "$bin/moksori" serve --host 127.0.0.1 --port 8000
