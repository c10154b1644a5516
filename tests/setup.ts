// Global test setup. Tests never touch real hardware: device tests run over socat pty pairs
// and in-memory transports, never a real /dev/ttyUSB* or HID device.
process.env.YIMEN_TEST = '1';
