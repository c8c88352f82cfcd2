#!/usr/bin/env python3
"""ASE as the i-PI server for JNequIP's IpiClient (used by AseSocketTest; runnable by hand).

ASE's SocketIOCalculator listens on the UNIX socket /tmp/ipi_<name>; an external i-PI client (the Java
IpiClient) connects and computes energy/forces/virial. ASE runs velocity-Verlet MD on the structure read
from an extxyz file and records every evaluation it received (positions it sent, energy, forces, stress),
then writes them as JSON. Closing the calculator closes the socket, which ends the client.

Usage: ase_socket_test.py --socket NAME --structure in.xyz --out result.json [--steps 25] [--dt 2.0]
                          [--temperature 60] [--seed 1]
"""
import argparse
import json
import sys

import numpy as np
import ase
import ase.io
import ase.units as units
from ase.calculators.socketio import SocketIOCalculator
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
from ase.md.verlet import VelocityVerlet


class RecordingSocketCalculator(SocketIOCalculator):
    """SocketIOCalculator that keeps what every socket evaluation returned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []

    def calculate(self, atoms=None, properties=['energy'], system_changes=()):
        super().calculate(atoms, properties, system_changes)
        rec = {
            "positions": atoms.positions.tolist(),
            "cell": np.asarray(atoms.cell).tolist(),
            "energy": float(self.results["energy"]),
            "forces": self.results["forces"].tolist(),
        }
        if "stress" in self.results:
            rec["stress"] = np.asarray(self.results["stress"]).tolist()
        self.records.append(rec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--socket", required=True, help="UNIX socket name (file /tmp/ipi_NAME)")
    ap.add_argument("--structure", required=True, help="extxyz structure file")
    ap.add_argument("--out", required=True, help="JSON output file")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--dt", type=float, default=2.0, help="time step (fs)")
    ap.add_argument("--temperature", type=float, default=60.0, help="initial temperature (K)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0, help="socket timeout (s)")
    a = ap.parse_args()

    atoms = ase.io.read(a.structure)
    MaxwellBoltzmannDistribution(atoms, temperature_K=a.temperature, rng=np.random.RandomState(a.seed))
    with RecordingSocketCalculator(unixsocket=a.socket, timeout=a.timeout) as calc:
        atoms.calc = calc
        VelocityVerlet(atoms, timestep=a.dt * units.fs).run(a.steps)
        records = calc.records
    out = {
        "ase_version": ase.__version__,
        "units": {"Bohr": units.Bohr, "Ha": units.Ha},
        "numbers": atoms.numbers.tolist(),
        "pbc": [bool(p) for p in atoms.pbc],
        "records": records,
    }
    with open(a.out, "w") as f:
        json.dump(out, f)
    print("ase_socket_test: %d evaluations over the socket, ASE %s" % (len(records), ase.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
