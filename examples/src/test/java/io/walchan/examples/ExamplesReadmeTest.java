package io.walchan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands in examples/README.md and the top-level README name classes that exist
 * and can be run; every example's main class is documented. (The examples themselves
 * run in the other tests of this module.)
 */
class ExamplesReadmeTest {

    private static final String DEMO_COMMAND = "mvn -q -pl examples -am -DskipTests package exec:java";
    private static final Pattern MAIN_CLASS = Pattern.compile("-Dexec\\.mainClass=([\\w.]+)");
    private static final List<Class<?>> EXAMPLES = List.of(Demo.class, FirstSteps.class, ProducerConsumer.class,
            CrashDemo.class, io.walchan.examples.camel.CamelOrders.class, io.walchan.examples.cdi.CdiShop.class);

    @Test
    void everyDocumentedMainClassExistsAndEveryExampleIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains(DEMO_COMMAND);
        Matcher m = MAIN_CLASS.matcher(readme);
        List<String> documented = m.results().map(r -> r.group(1)).distinct().toList();
        assertThat(documented).isNotEmpty();
        for (String name : documented) {
            Method main = Class.forName(name).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as("%s.main is static", name).isTrue();
        }
        for (Class<?> example : EXAMPLES) {
            if (example != Demo.class) {
                assertThat(documented).as("examples/README.md runs %s", example.getSimpleName())
                        .contains(example.getName());
            }
        }
    }

    @Test
    void theTopLevelReadmeRunsTheDemoAndLinksTheExamples() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains(DEMO_COMMAND).contains("mvn -B verify").contains("examples/README.md");
        MAIN_CLASS.matcher(readme).results().forEach(r -> {
            try {
                Class.forName(r.group(1)).getMethod("main", String[].class);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("README.md names " + r.group(1) + ", which cannot be run", e);
            }
        });
    }

    @Test
    void theDemoCommandRunsDemo() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<exec.mainClass>" + Demo.class.getName() + "</exec.mainClass>");
    }
}
