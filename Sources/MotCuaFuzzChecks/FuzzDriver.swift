public import Foundation

/// Runs a check over inputs: under libFuzzer (built with `--sanitize=fuzzer -DFUZZING`)
/// the fuzzer drives it; in an ordinary build the executable replays files and folders
/// given as arguments (the committed corpus, a crash file), so a finding reproduces
/// without the sanitizer.
public enum FuzzDriver {
    /// Replays every file under `paths`; returns how many inputs failed `check`.
    public static func replay(_ paths: [String], check: ([UInt8]) -> String?) -> (inputs: Int, failures: Int) {
        var inputs = 0, failures = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                inputs += 1
                if let failure = check([UInt8](data)) {
                    failures += 1
                    print("\(file): \(failure)")
                }
            }
        }
        return (inputs, failures)
    }
}
