// bug: processes bits least significant first (reflected polynomial 0xE0)
    uint8_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x01) ? (uint8_t)((crc >> 1) ^ 0xE0) : (uint8_t)(crc >> 1);
    }
    return crc;
}
