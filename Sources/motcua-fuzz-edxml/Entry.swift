import Foundation
import MotCuaFuzzChecks

// libFuzzer target: the safe XML reader and the edXML parser, with round-trip properties.
// `swift build --sanitize=fuzzer -Xswiftc -DFUZZING` makes it a fuzzer (see scripts/fuzz.sh);
// an ordinary build replays the corpus files given as arguments.
#if FUZZING
// Built with --sanitize=fuzzer, the file is parsed as a library: libFuzzer's main drives
// this entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let failure = EdXMLFuzz.check(bytes) { fatalError("edXML: \(failure)") }
    return 0
}
#else
/// Replays corpus files and folders given as arguments.
@main
struct FuzzEdXMLReplay {
    static func main() {
        let (inputs, failures) = FuzzDriver.replay(Array(CommandLine.arguments.dropFirst()), check: EdXMLFuzz.check)
        print("edxml corpus: \(inputs) inputs, \(failures) failures")
        exit(failures == 0 ? 0 : 1)
    }
}
#endif
