package org.jnequip.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes or packages outside Maven and prints one line per test (with the reason of every skip)
 * and a summary; exit status 1 when a test failed. A GPU machine has no Maven and cannot download anything,
 * so scripts/gpu-kit.sh packs the built classes, the JUnit jars and a small Java runtime, and
 * scripts/gpu-check.sh runs this there: {@code DeviceSuite org.jnequip.kernels org.jnequip.cli.DeviceTrainingTest}
 * (an argument with an upper-case last part is a class, otherwise a package).
 */
public final class DeviceSuite {
    private DeviceSuite() {}

    public static void main(String[] args) {
        List<DiscoverySelector> sel = new ArrayList<>();
        for (String a : args) {
            String last = a.substring(a.lastIndexOf('.') + 1);
            sel.add(!last.isEmpty() && Character.isUpperCase(last.charAt(0)) ? selectClass(a) : selectPackage(a));
        }
        LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request().selectors(sel).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener lines = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier t, String reason) {
                if (t.isTest()) System.out.println("SKIP " + t.getLegacyReportingName() + " " + t.getUniqueId() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier t, TestExecutionResult r) {
                if (!t.isTest() && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
                String what = t.getUniqueId().replaceAll("\\[engine:[^]]*]/", "");
                String why = r.getThrowable().map(e -> ": " + e).orElse("");
                String status = switch (r.getStatus()) {
                    case SUCCESSFUL -> "OK  ";
                    case ABORTED -> "SKIP";
                    case FAILED -> "FAIL";
                };
                System.out.println(status + " " + what + why);
            }
        };
        launcher.execute(req, summary, lines);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter w = new PrintWriter(System.out, true);
        s.printTo(w);
        s.printFailuresTo(w, 20);
        System.exit(s.getTotalFailureCount() > 0 ? 1 : 0);
    }
}
