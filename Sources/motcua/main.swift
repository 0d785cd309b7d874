import Foundation
import MotCuaCLI

exit(await MotCua.run())
