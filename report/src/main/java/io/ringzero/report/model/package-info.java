/**
 * The ring-0 model: what running a JVM in ring 0 (Kernel Mode Linux) would save, from a run file and
 * the trap cost measured on this machine. See docs/model.md for the model and its limits.
 *
 * <h2>Public API (used by {@code ringzero model} and the HTML report)</h2>
 * <pre>{@code
 * Run run = RunFileReader.read(path).run();                 // io.ringzero.report.runfile; BadInputException
 * ModelInputs in = ModelInputs.fromRunFile(run);             // kernel_oracle counts if present, else Java-level
 * Calibration cal = Calibration.forThisMachine(false);      // cached per kernel+CPU+mitigations, or ~3 s
 * ModelParameters p = ModelParameters.fromCalibration(cal, ModelParameters.DEFAULT_ALPHA);
 * Prediction pr = RingZeroModel.predict(in, p);
 * pr.measured();                                 // Times: cpu, user, system, wall (seconds)
 * pr.scenario(Scenario.CALL_PATH);               // full saving: libc calls the kernel entry
 * pr.scenario(Scenario.KML_STOCK_GLIBC);         // stock JDK: only part of the privilege change saved
 * pr.sites();                                    // SiteSaving, most saving first
 * pr.flags();                                    // Flag(code, message): show them with the figures
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.ringzero.report.calibrate.Calibration}: record of the measured costs (ns), {@code measure()},
 *       {@code forThisMachine(fresh)}, {@code load(Path)}, {@code save(Path)}, {@code toJson()}.</li>
 *   <li>{@link io.ringzero.report.calibrate.CalibrationCache}: the per-machine cache under
 *       {@code $XDG_CACHE_HOME/ringzero}.</li>
 *   <li>{@link io.ringzero.report.model.ModelInputs}: {@code fromRunFile(Run)} and {@code whatIf(...)}.</li>
 *   <li>{@link io.ringzero.report.model.ModelParameters}: saving per call, alpha and the KML stock-glibc
 *       fraction, each a {@link io.ringzero.report.model.Band}.</li>
 *   <li>{@link io.ringzero.report.model.RingZeroModel#predict}: pure arithmetic, no I/O.</li>
 *   <li>{@link io.ringzero.report.model.Prediction}: serialises to JSON with Jackson as {@code ringzero model --json}
 *       prints it.</li>
 * </ul>
 */
package io.ringzero.report.model;
