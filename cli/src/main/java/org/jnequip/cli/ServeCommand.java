package org.jnequip.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jnequip.nequip.ipi.IpiClient;
import org.jnequip.nequip.model.NequipModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jnequip serve}: the model as an i-PI force engine (client of an i-PI socket server: ASE's
 * SocketIOCalculator, i-PI itself, or anything speaking its protocol). Not for LAMMPS: its fix ipi is a client
 * too; {@code jnequip lammps} makes JNequIP LAMMPS's force field instead.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve energies, forces and virials over the i-PI socket protocol.",
                "Connects to a UNIX socket (/tmp/ipi_NAME) or to HOST:PORT, and answers until the server sends EXIT or closes."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or run directory (JNequIP or nequip), or a deployed nequip model") Path model;
    @Option(names = "--structure", required = true, description = "extxyz giving the atomic numbers (and pbc) of the system the server drives") Path structure;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl or cuda (default ${DEFAULT-VALUE})") String device;
    @Option(names = "--skin", description = "neighbour-list skin in Å: the list (r_max + skin) is kept until an atom moves skin/2, and each "
            + "call replays the captured step (default: 0 on the CPU, 0.5 on a device)") Double skin;
    @Option(names = "--dtype", description = "evaluate in float32 or float64 (default: the model's)") String dtype;
    @Option(names = "--timeout", defaultValue = "60", description = "seconds to keep trying to connect (default ${DEFAULT-VALUE})") double timeout;

    @ArgGroup(exclusive = true, multiplicity = "1") Address address;

    static final class Address {
        @Option(names = "--unix", description = "UNIX socket name (i-PI/ASE convention: /tmp/ipi_NAME) or a path") String unix;
        @Option(names = "--host", description = "TCP host (with --port)") String host;
    }

    @Option(names = "--port", description = "TCP port") Integer port;

    @Override
    public Integer call() throws Exception {
        String addr;
        if (address.unix != null) addr = "unix:" + address.unix;
        else {
            if (port == null) throw new IllegalArgumentException("--host needs --port");
            addr = address.host + ":" + port;
        }
        NequipModel m = ModelLoading.load(model, dtype, device);
        IpiClient.Options o = new IpiClient.Options(addr, timeout, IpiClient.Options.of(addr).units(), msg -> System.err.println("[serve] " + msg));
        IpiClient.serve(o, ModelLoading.forceField(m, skin, device), structure);   // its log line says how it ended
        return 0;
    }
}
