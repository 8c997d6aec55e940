package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/camel.md's option table names every walchan option of the generated component JSON. */
class CamelDocsTest {

    @Test
    void optionTableListsEveryGeneratedOption() throws Exception {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/walchan/camel/walchan.json")) {
            json = new ObjectMapper().readTree(in);
        }
        String docs = Files.readString(Path.of("..", "docs", "camel.md"));
        int options = 0;
        for (Map.Entry<String, JsonNode> p : json.get("properties").properties()) {
            boolean ours = p.getValue().path("configurationClass").asText().equals(WalchanConfiguration.class.getName())
                    || p.getValue().path("kind").asText().equals("path");
            if (ours) {
                options++;
                assertThat(docs).as("docs/camel.md documents option " + p.getKey()).contains("| `" + p.getKey() + "` |");
            }
        }
        assertThat(options).isEqualTo(17);
        for (Map.Entry<String, JsonNode> h : json.get("headers").properties()) {
            assertThat(docs).as("docs/camel.md documents header " + h.getKey()).contains("`" + h.getKey() + "`");
        }
    }
}
