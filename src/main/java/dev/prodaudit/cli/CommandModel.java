package dev.prodaudit.cli;

import java.util.List;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One command's picocli model, written out: its name, description and options, and after parsing the values they
 * were given. picocli can read the same model from annotations, but then the JDK parses each annotation and
 * generates a proxy class for each annotation type the first time, which neither a class-data archive nor an AOT
 * cache holds: about 60 ms of every start, before the command could begin. {@code HelpTextTest} holds the help, the
 * completion script and the errors this model gives to what the annotated commands gave.
 *
 * <p>Options are held by picocli's own bindings; a command reads a value by the option's name once picocli has parsed
 * the command line.
 */
final class CommandModel {
    private final CommandSpec spec;

    private CommandModel(CommandSpec spec) {
        this.spec = spec;
    }

    /** The model of {@code command}, what picocli calls when the command line names it. */
    static CommandModel of(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
        return new CommandModel(spec);
    }

    /**
     * picocli's model, its options completed by {@code -h, --help} and {@code -V, --version} as picocli's standard help
     * options give them: after the command's own, where the annotations put them (the completion script lists the
     * flags in this order).
     */
    CommandSpec spec() {
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build());
        }
        return spec;
    }

    CommandModel footer(String... lines) {
        spec.usageMessage().footer(lines);
        return this;
    }

    CommandModel version(IVersionProvider provider) {
        spec.versionProvider(provider);
        return this;
    }

    /** {@code NAME=LABEL}: one text value. */
    CommandModel text(String name, String label, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(String.class).description(description).build());
        return this;
    }

    /** {@code NAME=LABEL}: one text value, {@code defaultValue} when not given. */
    CommandModel text(String name, String label, String defaultValue, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(String.class).defaultValue(defaultValue)
                .description(description).build());
        return this;
    }

    /** {@code NAME=LABEL}: one text value of {@code candidates}, which help and completion list. */
    CommandModel choice(String name, String label, String defaultValue, List<String> candidates, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(String.class).defaultValue(defaultValue)
                .completionCandidates(candidates).description(description).build());
        return this;
    }

    /** {@code NAME=LABEL}: a whole number. */
    CommandModel number(String name, String label, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(Integer.class).description(description).build());
        return this;
    }

    /** {@code NAME}: a flag, true when given. */
    CommandModel flag(String name, String description) {
        spec.addOption(OptionSpec.builder(name).type(Boolean.class).arity("0").description(description).build());
        return this;
    }

    /** {@code NAME=LABEL}, repeatable: every value, in order. */
    CommandModel repeatable(String name, String label, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build());
        return this;
    }

    /** {@code NAME=LABEL[,LABEL...]}, repeatable: every value, each comma-separated list split. */
    CommandModel separated(String name, String label, String description) {
        spec.addOption(OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .splitRegex(",").description(description).build());
        return this;
    }

    /** The positional parameter at {@code index}: one text value, required. */
    CommandModel parameter(int index, String label, String description) {
        spec.addPositional(PositionalParamSpec.builder().index(Integer.toString(index)).paramLabel(label)
                .type(String.class).required(true).description(description).build());
        return this;
    }

    /** The value of a text option ({@link #text}, {@link #choice}): given, else its default, else null. */
    String text(String name) {
        return spec.findOption(name).getValue();
    }

    /** The value of a {@link #number} option; null when not given. */
    Integer number(String name) {
        return spec.findOption(name).getValue();
    }

    /** Whether a {@link #flag} was given. */
    boolean flag(String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    /** A {@link #flag}: true when given, null when not (so a setting elsewhere can decide). */
    Boolean flagOrNull(String name) {
        return flag(name) ? Boolean.TRUE : null;
    }

    /** The values of a {@link #repeatable} or {@link #separated} option; empty when not given. */
    List<String> list(String name) {
        List<String> values = spec.findOption(name).getValue();
        return values == null ? List.of() : values;
    }

    /** The value of the positional parameter at {@code index}. */
    String parameter(int index) {
        return spec.positionalParameters().get(index).getValue();
    }
}
