package org.jdistcc.daemon;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Backs {@link WithDaemon}: one daemon per test class. */
final class DaemonExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DaemonExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        WithDaemon annotation = context.getRequiredTestClass().getAnnotation(WithDaemon.class);
        RunningDaemon daemon =
                annotation == null ? RunningDaemon.start() : RunningDaemon.start(annotation.stats(), annotation.args());
        context.getStore(NAMESPACE).put(RunningDaemon.class, daemon);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RunningDaemon daemon = context.getStore(NAMESPACE).remove(RunningDaemon.class, RunningDaemon.class);
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningDaemon.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getStore(NAMESPACE).get(RunningDaemon.class) == null
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).get(RunningDaemon.class, RunningDaemon.class);
    }
}
