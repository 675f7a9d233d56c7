package dev.nacosapp.dubbo.discovery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of {@code docs/configuration.md} lists exactly the keys the parser accepts, with their
 * documented text.
 */
class ReadmeConfigurationTableTest {

    @Test
    void configurationPageTableMatchesConfigKeys() throws Exception {
        Path page = Paths.get("..", "docs", "configuration.md");
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("| key | type | default | meaning |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && !line.startsWith("|---")) {
                rows.add(line);
            }
        }

        List<String> expected = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            expected.add("| `" + key.key() + "` | " + key.type() + " | " + key.defaultValue() + " | "
                    + key.description() + " |");
        }
        assertThat(rows).as("the table of %s", page).containsExactlyElementsOf(expected);
    }
}
