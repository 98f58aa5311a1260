#include "demo.h"

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bit by bit. */
uint32_t crc32_of(const void *data, size_t length) {
    const unsigned char *bytes = data;
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}
