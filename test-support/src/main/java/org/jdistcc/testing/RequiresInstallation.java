package org.jdistcc.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Skips a test class, with a message saying how to run it, unless {@code -Djdistcc.prefix} names
 * an installation; otherwise injects that {@link Installation}. A prefix that is set but holds no
 * {@code bin/distcc} is an error, not a skip.
 */
public final class RequiresInstallation implements ExecutionCondition, ParameterResolver {
    public static final String HOW_TO_RUN =
            "jdistcc.prefix is not set, so the tests of the installed binaries are skipped:"
                    + " run scripts/test.sh, or scripts/install.sh --prefix DIR then mvn verify -Djdistcc.prefix=DIR";

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (configuredPrefix() == null) {
            if (!TOLD.getAndSet(true)) {
                System.err.println("[integration-tests] " + HOW_TO_RUN);
            }
            return ConditionEvaluationResult.disabled(HOW_TO_RUN);
        }
        return ConditionEvaluationResult.enabled("jdistcc.prefix=" + configuredPrefix());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Installation.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return underTest();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage());
        }
    }

    /**
     * The installation {@code -Djdistcc.prefix} names.
     *
     * @throws IllegalStateException when none is named, or it holds no {@code bin/distcc}
     */
    static Installation underTest() {
        String prefix = configuredPrefix();
        if (prefix == null) {
            throw new IllegalStateException(HOW_TO_RUN);
        }
        var installation = new Installation(Path.of(prefix).toAbsolutePath());
        if (!Files.isExecutable(installation.distcc())) {
            throw new IllegalStateException("jdistcc.prefix=" + prefix
                    + " has no executable bin/distcc: run scripts/install.sh --prefix " + prefix);
        }
        return installation;
    }

    private static String configuredPrefix() {
        String prefix = System.getProperty(Installation.PROPERTY, "").strip();
        return prefix.isEmpty() ? null : prefix;
    }
}
