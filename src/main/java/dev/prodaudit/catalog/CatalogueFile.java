package dev.prodaudit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The YAML shape of one catalogue file: a section and its checks. Public, so the binder reads it plain. */
public record CatalogueFile(String section, List<JsonNode> checks) {
}
