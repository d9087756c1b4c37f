"""The Kubernetes manifests (deploy/kubernetes/) fit the image and the measurements they name:
the probe, port, user and per-session cap of the Dockerfile, sticky sessions and WebSocket
timeouts at the Ingress, the upload limit of .streamlit/config.toml. deploy/scan.sh (run by
.ci/run) validates them against the API schemas and scans them with checkov; the last tests
show that those tools would fail on a broken manifest."""
import re
import subprocess
import tomllib

import pytest
import yaml

from tests.browser.harness import ROOT

K8S = ROOT / "deploy" / "kubernetes"
DOCKERFILE = (ROOT / "Dockerfile").read_text()
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
SCAN = ROOT / ".venv-scan" / "bin"


def manifests() -> dict[str, dict]:
    """kind -> the resource (the metrics Ingress as 'Ingress/metrics')."""
    found = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc["kind"] == "Kustomization":
                continue
            key = doc["kind"] + ("/metrics" if doc["metadata"]["name"].endswith("-metrics") else "")
            assert key not in found, key
            found[key] = doc
    return found


M = manifests()
POD = M["Deployment"]["spec"]["template"]
(CONTAINER,) = POD["spec"]["containers"]


def mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * (1024 if unit == "Gi" else 1)


def test_kustomize_applies_every_manifest_into_one_namespace():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    assert set(M) == {"Namespace", "Deployment", "Service", "HorizontalPodAutoscaler",
                      "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Ingress/metrics"}
    names = {doc["metadata"].get("namespace") for kind, doc in M.items() if kind != "Namespace"}
    assert names == {M["Namespace"]["metadata"]["name"]}
    assert [i["name"] for i in kustomization["images"]] == [CONTAINER["image"].split(":")[0]]


def test_the_pod_runs_the_dockerfiles_server_as_its_user_and_probes_streamlits_health():
    (port,) = CONTAINER["ports"]
    assert port["containerPort"] == int(re.search(r"^EXPOSE (\d+)", DOCKERFILE, re.MULTILINE)[1])
    uid = int(re.search(r"useradd .*--uid (\d+)", DOCKERFILE)[1])
    security = POD["spec"]["securityContext"]
    assert security["runAsNonRoot"] and security["runAsUser"] == uid
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert CONTAINER[probe]["httpGet"] == {"path": "/_stcore/health", "port": port["name"]}
    # a read-only root: everything Streamlit and torch write goes to the /tmp volume
    assert CONTAINER["securityContext"]["readOnlyRootFilesystem"]
    assert {"name": "HOME", "value": "/tmp"} in CONTAINER["env"]
    assert [v["mountPath"] for v in CONTAINER["volumeMounts"]] == ["/tmp"]
    share = re.search(r"^ENV RNNPG_SESSION_CPU_SHARE=([\d.]+)", DOCKERFILE, re.MULTILINE)[1]
    assert {"name": "RNNPG_SESSION_CPU_SHARE", "value": share} in CONTAINER["env"]


def test_requests_and_limits_follow_the_measured_memory_and_the_one_core_a_server_trains_on():
    res = CONTAINER["resources"]
    # benchmarks/load.py: ~510 MB idle, then 5-15 MB per learner; ~10 learners training per core
    assert mebibytes(res["requests"]["memory"]) >= 510 * 1e6 / 2**20 + 10 * 15
    assert mebibytes(res["limits"]["memory"]) >= 510 * 1e6 / 2**20 + 40 * 15   # a class of 40
    assert float(res["requests"]["cpu"]) == 1 and float(res["limits"]["cpu"]) >= 1
    hpa = M["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                     "name": M["Deployment"]["metadata"]["name"]}
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu" and 0 < metric["resource"]["target"][
        "averageUtilization"] <= 80
    assert hpa["minReplicas"] >= 2 <= hpa["maxReplicas"]
    # a removed pod ends its learners' runs: scale down slowly
    assert hpa["behavior"]["scaleDown"]["stabilizationWindowSeconds"] >= 600


def test_service_budget_and_policy_select_the_pods_on_the_named_port():
    labels = POD["metadata"]["labels"]
    for kind, selector in (("Service", M["Service"]["spec"]["selector"]),
                           ("PodDisruptionBudget", M["PodDisruptionBudget"]["spec"]["selector"]
                            ["matchLabels"]),
                           ("NetworkPolicy", M["NetworkPolicy"]["spec"]["podSelector"]
                            ["matchLabels"])):
        assert selector.items() <= labels.items(), kind
    assert M["Service"]["spec"]["ports"][0]["targetPort"] == CONTAINER["ports"][0]["name"]
    assert M["NetworkPolicy"]["spec"]["ingress"][0]["ports"][0]["port"] == "http"


def test_the_ingress_keeps_a_browser_on_one_pod_for_a_lesson_long_websocket():
    ingress = M["Ingress"]
    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"]
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    assert int(notes[prefix + "proxy-send-timeout"]) >= 3600
    assert int(notes[prefix + "proxy-body-size"].removesuffix("m")) > CONFIG["server"][
        "maxUploadSize"]
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": M["Service"]["metadata"]["name"],
                                          "port": {"name": M["Service"]["spec"]["ports"][0]
                                                   ["name"]}}
    # the same cookie when Traefik's own provider routes (its stickiness sits on the Service)
    assert M["Service"]["metadata"]["annotations"][
        "traefik.ingress.kubernetes.io/service.sticky.cookie"] == "true"


def test_streamlits_metrics_are_refused_at_the_edge_without_a_configuration_snippet():
    metrics = M["Ingress/metrics"]
    (rule,) = metrics["spec"]["rules"]
    assert rule["host"] == M["Ingress"]["spec"]["rules"][0]["host"]
    assert [p["path"] for p in rule["http"]["paths"]] == ["/_stcore/metrics"]
    deny = metrics["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
    assert set(deny.split(",")) == {"0.0.0.0/0", "::/0"}
    for doc in M.values():   # snippets run arbitrary nginx config (off by default, CKV_K8S_153)
        assert not any("snippet" in k for k in doc["metadata"].get("annotations", {}))


scan_tools = pytest.mark.skipif(not (SCAN / "checkov").exists(),
                                reason="deploy/scan.sh installs the scanners (.ci/run runs it)")


@scan_tools
def test_the_schema_check_rejects_a_misspelt_field(tmp_path):
    broken = yaml.safe_load((K8S / "deployment.yaml").read_text())
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    (tmp_path / "deployment.yaml").write_text(yaml.safe_dump(broken))
    run = subprocess.run([SCAN / "kubernetes-validate", "--strict", "--quiet",
                          tmp_path / "deployment.yaml"], capture_output=True, text=True,
                         check=False)
    assert run.returncode != 0 and "readinessProbes" in run.stdout + run.stderr


@scan_tools
def test_checkov_fails_a_privileged_root_container(tmp_path):
    broken = yaml.safe_load((K8S / "deployment.yaml").read_text())
    spec = broken["spec"]["template"]["spec"]
    spec["securityContext"] = {"runAsUser": 0}
    spec["containers"][0]["securityContext"] = {"privileged": True}
    (tmp_path / "deployment.yaml").write_text(yaml.safe_dump(broken))
    run = subprocess.run([SCAN / "checkov", "--quiet", "--compact", "--skip-download",
                          "--framework", "kubernetes", "-d", tmp_path],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "CKV_K8S_16" in run.stdout   # privileged containers
