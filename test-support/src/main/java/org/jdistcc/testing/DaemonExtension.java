package org.jdistcc.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Backs {@link WithDaemon}: one daemon per test class, found by its tests' {@link RunningDaemon} parameters. */
final class DaemonExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DaemonExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        WithDaemon annotation = context.getRequiredTestClass().getAnnotation(WithDaemon.class);
        DaemonSetup setup = setup(annotation == null ? Distccd.OURS : annotation.value());
        if (annotation != null) {
            setup.args(annotation.args());
            if (annotation.stats()) {
                setup.stats();
            }
        }
        context.getStore(NAMESPACE).put(RunningDaemon.class, setup.start());
    }

    private static DaemonSetup setup(Distccd distccd) {
        return switch (distccd) {
            case OURS -> DaemonSetup.ours();
            case INSTALLED -> DaemonSetup.installed(RequiresInstallation.underTest());
            case DEBIAN -> DaemonSetup.debian();
        };
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RunningDaemon daemon = context.getStore(NAMESPACE).remove(RunningDaemon.class, RunningDaemon.class);
        if (daemon != null) {
            daemon.close();
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
