// bug: each byte is XORed in after its eight shifts instead of before
    uint8_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x07) : (uint8_t)(crc << 1);
        crc ^= data[i];
    }
    return crc;
}
