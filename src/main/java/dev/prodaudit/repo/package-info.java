/**
 * The repository model: what the audited repository deploys and documents, read once per run with real parsers
 * (Dockerfile instructions, Compose and Kubernetes YAML, Helm templates, git history for dates) and queried by the
 * probes, which never walk the tree themselves. Facts here, judgements in the probes: a {@link dev.prodaudit.repo.Setting}
 * says what is written and where, or that it could not be evaluated.
 */
package dev.prodaudit.repo;
