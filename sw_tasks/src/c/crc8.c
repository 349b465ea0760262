//@prompt
#include <stddef.h>
#include <stdint.h>

/* CRC-8 of data[0..len-1] with the polynomial x^8 + x^2 + x + 1 (0x07),
 * initial value 0, bits processed most significant first, no final XOR
 * (the variant whose check value for "123456789" is 0xF4).  data may be NULL
 * when len is 0. */
uint8_t crc8(const uint8_t *data, size_t len) {
//@solution
    uint8_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x07) : (uint8_t)(crc << 1);
    }
    return crc;
}
//@test
#include "vp_ctest.h"
#include <stddef.h>
#include <stdint.h>

uint8_t crc8(const uint8_t *data, size_t len);

VP_TESTS {
    VP_CHECK(crc8((const uint8_t *)"123456789", 9) == 0xF4);
    VP_CHECK(crc8(NULL, 0) == 0x00);
    VP_CHECK(crc8((const uint8_t[]){0x00}, 1) == 0x00);
    VP_CHECK(crc8((const uint8_t[]){0x01}, 1) == 0x07);
    VP_CHECK(crc8((const uint8_t[]){0x80}, 1) == 0x89);
    VP_CHECK(crc8((const uint8_t[]){0xFF}, 1) == 0xF3);
    VP_CHECK(crc8((const uint8_t[]){0x01, 0x02}, 2) == 0x1B);
    VP_CHECK(crc8((const uint8_t[]){0x00, 0x00, 0x01}, 3) == 0x07);
    VP_CHECK(crc8((const uint8_t *)"A", 1) == 0xC0);
}
