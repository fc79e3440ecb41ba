package dev.prodaudit.probe.secretstore;

import dev.prodaudit.input.BoundedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Finds, in the text of one file, what supplies a variable from a secret manager, in the shapes the tools document:
 * <ul>
 *   <li>an External Secrets Operator {@code ExternalSecret} (external-secrets.io/v1beta1 or v1): an entry of
 *       {@code spec.data} whose {@code secretKey} is the variable, or whose {@code remoteRef.key} or
 *       {@code remoteRef.property} names the secret; an entry of {@code spec.dataFrom} whose {@code extract.key} does;</li>
 *   <li>a Secrets Store CSI driver {@code SecretProviderClass} (secrets-store.csi.x-k8s.io/v1): a
 *       {@code spec.secretObjects[].data[].key} equal to the variable, or an {@code objectName} in the provider's
 *       {@code spec.parameters.objects} text (Azure Key Vault, GCP, AWS) that names the secret;</li>
 *   <li>a sops-encrypted file: YAML or JSON with top-level {@code sops} metadata holding a {@code mac}, or a dotenv
 *       file with a {@code sops_mac=} line, whose key for the variable has an {@code ENC[...]} value. The same key
 *       with any other value in such a file is a plaintext secret.</li>
 * </ul>
 * Only kinds, names, keys and positions are reported, never a value.
 */
final class SecretReferences {
    /** External Secrets Operator's served versions; v1alpha1 was removed. */
    private static final List<String> EXTERNAL_SECRET_VERSIONS = List.of("external-secrets.io/v1", "external-secrets.io/v1beta1");
    private static final String PROVIDER_CLASS_VERSION = "secrets-store.csi.x-k8s.io/v1";
    private static final Pattern SOPS_VALUE = Pattern.compile("^ENC\\[[A-Z0-9_]+,.*]$");
    private static final Pattern OBJECT_NAME = Pattern.compile("objectName:[ \\t]*[\"']?([^\"'\\s]+)");
    private static final Pattern DOTENV = Pattern.compile(
            "^[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*$", Pattern.MULTILINE);

    /** Something that supplies the variable: {@code kind} and {@code name} as the manifest says, where, and how. */
    record Reference(String kind, String name, String file, int line, String how) {
    }

    /** What one file holds: references, plaintext values of the variable in sops files, or why it was not read. */
    record Scan(List<Reference> references, List<Reference> plaintext, String unreadable) {
        static Scan none() {
            return new Scan(List.of(), List.of(), null);
        }
    }

    private final SecretStoreSpec spec;

    SecretReferences(SecretStoreSpec spec) {
        this.spec = spec;
    }

    /** Cheap test before parsing: most YAML and JSON files of a repository are none of these. */
    static boolean candidate(String text) {
        return text.contains("ExternalSecret") || text.contains("SecretProviderClass") || text.contains("sops");
    }

    Scan yaml(String file, String text) {
        List<Reference> refs = new ArrayList<>();
        List<Reference> plain = new ArrayList<>();
        try {
            for (Node doc : yamlParser().composeAll(new StringReader(text))) {
                if (doc instanceof MappingNode root) {
                    document(file, root, refs, plain);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            return new Scan(refs, plain, file + (m == null ? "" : ":" + (m.getLine() + 1)) + " is not valid YAML");
        } catch (YAMLException e) {
            return new Scan(refs, plain, file + " is not valid YAML");
        }
        return new Scan(refs, plain, null);
    }

    /** A dotenv file counts when sops wrote it: it has a {@code sops_mac=} line. */
    Scan dotenv(String file, String text) {
        Matcher m = DOTENV.matcher(text);
        boolean sops = false;
        List<int[]> lines = new ArrayList<>();
        List<Boolean> encrypted = new ArrayList<>();
        while (m.find()) {
            String key = m.group(1);
            if (key.equals("sops_mac") && !m.group(2).isEmpty()) {
                sops = true;
            } else if (key.equals(spec.variable())) {
                lines.add(new int[] {lineOf(text, m.start())});
                encrypted.add(SOPS_VALUE.matcher(unquote(m.group(2))).matches());
            }
        }
        if (!sops) {
            return Scan.none();
        }
        List<Reference> refs = new ArrayList<>();
        List<Reference> plain = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            (encrypted.get(i) ? refs : plain).add(new Reference("sops file", file, file, lines.get(i)[0],
                    encrypted.get(i) ? "encrypts " + spec.variable() : "holds " + spec.variable() + " unencrypted"));
        }
        return new Scan(refs, plain, null);
    }

    private void document(String file, MappingNode root, List<Reference> refs, List<Reference> plain) {
        String apiVersion = scalar(get(root, "apiVersion"));
        String kind = scalar(get(root, "kind"));
        Node specNode = get(root, "spec");
        if ("ExternalSecret".equals(kind) && EXTERNAL_SECRET_VERSIONS.contains(apiVersion)) {
            externalSecret(file, name(root), specNode, refs);
        } else if ("SecretProviderClass".equals(kind) && PROVIDER_CLASS_VERSION.equals(apiVersion)) {
            providerClass(file, name(root), specNode, refs);
        } else if (get(root, "sops") instanceof MappingNode meta && scalar(get(meta, "mac")) != null) {
            sopsTree(file, root, refs, plain, 0);
        }
    }

    private void externalSecret(String file, String name, Node specNode, List<Reference> refs) {
        for (Node entry : items(get(specNode, "data"))) {
            ScalarNode secretKey = scalarNode(get(entry, "secretKey"));
            Node remoteRef = get(entry, "remoteRef");
            ScalarNode key = scalarNode(get(remoteRef, "key"));
            ScalarNode property = scalarNode(get(remoteRef, "property"));
            if (secretKey != null && spec.variable().equals(secretKey.getValue())) {
                refs.add(new Reference("ExternalSecret", name, file, line(secretKey), "supplies " + spec.variable()
                        + (key == null ? "" : " from remote key " + key.getValue())));
            } else if (key != null && spec.named(key.getValue())) {
                refs.add(new Reference("ExternalSecret", name, file, line(key),
                        "supplies remote key " + key.getValue() + " (for " + spec.variable() + ")"));
            } else if (property != null && spec.named(property.getValue())) {
                refs.add(new Reference("ExternalSecret", name, file, line(property),
                        "supplies remote property " + property.getValue() + " (for " + spec.variable() + ")"));
            }
        }
        for (Node entry : items(get(specNode, "dataFrom"))) {
            ScalarNode key = scalarNode(get(get(entry, "extract"), "key"));
            if (key != null && spec.named(key.getValue())) {
                refs.add(new Reference("ExternalSecret", name, file, line(key),
                        "extracts remote key " + key.getValue() + " (for " + spec.variable() + ")"));
            }
        }
    }

    private void providerClass(String file, String name, Node specNode, List<Reference> refs) {
        for (Node secretObject : items(get(specNode, "secretObjects"))) {
            for (Node entry : items(get(secretObject, "data"))) {
                ScalarNode key = scalarNode(get(entry, "key"));
                if (key != null && spec.variable().equals(key.getValue())) {
                    String object = scalar(get(entry, "objectName"));
                    refs.add(new Reference("SecretProviderClass", name, file, line(key), "syncs " + spec.variable()
                            + (object == null ? "" : " from object " + object)));
                }
            }
        }
        ScalarNode objects = scalarNode(get(get(specNode, "parameters"), "objects"));
        if (objects != null) {
            // The provider's object list is YAML inside a string; a block scalar's text starts on the next line.
            String text = objects.getValue();
            boolean block = objects.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                    || objects.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
            Matcher m = OBJECT_NAME.matcher(text);
            while (m.find()) {
                if (spec.named(m.group(1))) {
                    int at = line(objects) + (block ? 1 : 0) + lineOf(text, m.start()) - 1;
                    refs.add(new Reference("SecretProviderClass", name, file, at,
                            "mounts object " + m.group(1) + " (for " + spec.variable() + ")"));
                    break;
                }
            }
        }
    }

    /** The variable's key anywhere in a sops-encrypted tree (the metadata aside). */
    private void sopsTree(String file, MappingNode mapping, List<Reference> refs, List<Reference> plain, int depth) {
        if (depth > 16) {
            return;
        }
        for (NodeTuple t : mapping.getValue()) {
            String key = scalar(t.getKeyNode());
            if (depth == 0 && "sops".equals(key)) {
                continue;
            }
            if (spec.variable().equals(key) && t.getValueNode() instanceof ScalarNode value) {
                boolean encrypted = SOPS_VALUE.matcher(value.getValue()).matches();
                (encrypted ? refs : plain).add(new Reference("sops file", file, file, line(t.getKeyNode()),
                        encrypted ? "encrypts " + spec.variable() : "holds " + spec.variable() + " unencrypted"));
            } else if (t.getValueNode() instanceof MappingNode child) {
                sopsTree(file, child, refs, plain, depth + 1);
            }
        }
    }

    private static String name(MappingNode root) {
        String n = scalar(get(get(root, "metadata"), "name"));
        return n == null ? "(unnamed)" : n;
    }

    private static Node get(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(scalar(t.getKeyNode()))) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static List<Node> items(Node sequence) {
        return sequence instanceof SequenceNode s ? s.getValue() : List.of();
    }

    private static ScalarNode scalarNode(Node n) {
        return n instanceof ScalarNode s ? s : null;
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * A parser bounded like the catalogue's: hostile text fails fast (code points, nesting, alias expansion). Made per
     * file, since a SnakeYAML parser keeps state.
     */
    private static Yaml yamlParser() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(BoundedReader.MAX_BYTES);
        options.setNestingDepthLimit(64);
        options.setMaxAliasesForCollections(100);
        options.setAllowDuplicateKeys(true);
        return new Yaml(options);
    }
}
