// placeholder — the Electron shell
export {};
