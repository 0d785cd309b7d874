import Foundation
import MotCuaCLI

exit(MotCua.run())
