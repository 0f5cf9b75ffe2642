package io.ringzero.report.symbols;

/**
 * The qualified name of an Itanium-mangled C++ function, without its parameters, as profilers show frames:
 * {@code _ZN11ClassLoader10load_classEP6SymbolbP10JavaThread} is {@code ClassLoader::load_class}. Template arguments,
 * special names and anything else it does not read leave the symbol as it was.
 */
final class Demangler {
    private Demangler() {
    }

    static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_Z")) {
            return symbol;
        }
        int at = 2;
        boolean nested = at < symbol.length() && symbol.charAt(at) == 'N';
        if (nested) {
            at++;
            while (at < symbol.length() && "rVKRO".indexOf(symbol.charAt(at)) >= 0) {
                at++; // cv- and ref-qualifiers of a member function
            }
        } else if (symbol.startsWith("L", at)) {
            at++; // internal linkage
        }
        StringBuilder name = new StringBuilder();
        do {
            int digits = at;
            while (at < symbol.length() && Character.isDigit(symbol.charAt(at))) {
                at++;
            }
            if (digits == at) {
                break;
            }
            int length = Integer.parseInt(symbol.substring(digits, at));
            if (at + length > symbol.length()) {
                return symbol;
            }
            if (name.length() > 0) {
                name.append("::");
            }
            name.append(symbol, at, at + length);
            at += length;
            if (nested && at + 1 < symbol.length() && "CD".indexOf(symbol.charAt(at)) >= 0 && Character.isDigit(symbol.charAt(at + 1))) {
                String last = name.substring(name.lastIndexOf(":") + 1);
                name.append("::").append(symbol.charAt(at) == 'D' ? "~" : "").append(last);
                at += 2; // a constructor or destructor: C1, C2, D0, D1, D2
            }
        } while (nested && at < symbol.length() && symbol.charAt(at) != 'E');
        if (name.length() == 0) {
            return symbol;
        }
        if (nested && (at >= symbol.length() || symbol.charAt(at) != 'E')) {
            // a constructor, destructor, operator or template part: keep what was read, marked as cut
            return name + "::…";
        }
        return name.toString();
    }
}
