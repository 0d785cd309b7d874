import Foundation
import MotCuaFuzzChecks

// libFuzzer target: every definition and configuration loader over the same YAML input.
// `swift build --sanitize=fuzzer -Xswiftc -DFUZZING` makes it a fuzzer (see scripts/fuzz.sh);
// an ordinary build replays the corpus files given as arguments.
let fuzz = DefinitionFuzz(root: ProcessInfo.processInfo.environment["MOTCUA_ROOT"] ?? FileManager.default.currentDirectoryPath)

#if FUZZING
// Built with --sanitize=fuzzer, the file is parsed as a library: libFuzzer's main drives
// this entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzz.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
/// Replays corpus files and folders given as arguments.
@main
struct FuzzYAMLReplay {
    static func main() {
        let (inputs, failures) = FuzzDriver.replay(Array(CommandLine.arguments.dropFirst())) { bytes in
            fuzz.check(bytes)
            return nil
        }
        print("yaml corpus: \(inputs) inputs, \(failures) failures")
        exit(failures == 0 ? 0 : 1)
    }
}
#endif
