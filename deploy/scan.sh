#!/usr/bin/env bash
# Check the hosting files offline (.ci/run runs this before the tests):
#   - the Kubernetes manifests against the API schemas of Kubernetes 1.37 (kubernetes-validate
#     ships them; --strict rejects misspelt fields),
#   - the manifests and the Dockerfile with checkov's security policies (no download: the
#     policies come with the package). A finding fails the run; a skipped check carries its
#     reason in the manifest (README "Past one machine: Kubernetes").
# The tools live in their own virtual environment, .venv-scan (set SCAN_VENV to move it).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${SCAN_VENV:-.venv-scan}"
if ! "$VENV/bin/python" -c "import checkov, kubernetes_validate" 2>/dev/null; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then   # Debian's python3 needs python3-venv for this
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -r deploy/requirements-scan.txt
fi
manifests=()
for f in deploy/kubernetes/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f")   # kustomize's, not the API's
done
"$VENV/bin/kubernetes-validate" --strict --quiet "${manifests[@]}"
"$VENV/bin/checkov" --quiet --compact --skip-download --framework kubernetes -d deploy/kubernetes
"$VENV/bin/checkov" --quiet --compact --skip-download --framework dockerfile -f Dockerfile
echo "deploy/scan.sh: ${#manifests[@]} manifests valid for Kubernetes 1.37; checkov found nothing"
