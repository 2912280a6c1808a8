module io.copas.jpms.app {
    requires io.copas.core;
}
