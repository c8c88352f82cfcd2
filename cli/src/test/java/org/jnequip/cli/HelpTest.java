package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HelpTest {
    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"train", "evaluate", "info", "demo"}) {
            CliTestSupport.Run r = CliTestSupport.run(cmd, "--help");
            assertEquals(0, r.status(), cmd);
            assertTrue(r.out().contains("Usage: jnequip " + cmd), cmd + ": " + r.out());
        }
        CliTestSupport.Run top = CliTestSupport.run("--help");
        assertEquals(0, top.status());
        for (String cmd : new String[]{"train", "evaluate", "info", "demo"}) assertTrue(top.out().contains(cmd));
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", "x.safetensors");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Missing required option: '--data=DATA'"), r.err());
        assertEquals(2, CliTestSupport.run("trian").status());
    }
}
