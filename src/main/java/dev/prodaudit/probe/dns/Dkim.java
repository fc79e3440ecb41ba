package dev.prodaudit.probe.dns;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Judges a DKIM key record (RFC 6376 §3.6.1, key sizes per RFC 8301). Pure: the TXT records come from {@link DnsClient}. */
final class Dkim {
    /** rsaEncryption, 1.2.840.113549.1.1.1, as DER content bytes. */
    private static final byte[] RSA_OID = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};

    private Dkim() {
    }

    /** A TXT record that is meant as a DKIM key: it starts with v=DKIM1 or carries a p= tag. */
    static boolean isKeyRecord(String txt) {
        return Text.firstTag(txt).regionMatches(true, 0, "v=DKIM", 0, 6) || Text.tags(txt).containsKey("p");
    }

    static List<Finding> judge(String name, List<String> txts) {
        List<String> keys = txts.stream().filter(Dkim::isKeyRecord).toList();
        if (keys.isEmpty()) {
            return List.of(Finding.of(Status.FAIL, "no DKIM key at " + name
                    + (txts.isEmpty() ? " (no TXT records)" : " (" + txts.size() + " TXT record" + (txts.size() == 1 ? "" : "s")
                    + ", none with v=DKIM1 or p=)")));
        }
        List<Finding> out = new ArrayList<>();
        if (keys.size() > 1) {
            out.add(Finding.of(Status.WARN, keys.size() + " DKIM key records at " + name
                    + ": verifiers may pick any one of them (RFC 6376 §3.6.2.2); publish one per selector"));
        }
        for (String key : keys) {
            out.addAll(judgeOne(name, key));
        }
        return out;
    }

    private static List<Finding> judgeOne(String name, String record) {
        Map<String, String> tags = Text.tags(record);
        String where = "DKIM key at " + name;
        String v = tags.get("v");
        if (v != null && (!Text.firstTag(record).toLowerCase(Locale.ROOT).startsWith("v=") || !v.equals("DKIM1"))) {
            return List.of(Finding.of(Status.FAIL, where + ": v=" + v + " must be the first tag and exactly DKIM1 (RFC 6376 §3.6.1)"));
        }
        String p = tags.get("p");
        if (p == null) {
            return List.of(Finding.of(Status.FAIL, where + " has no p= tag (the public key)"));
        }
        p = p.replaceAll("\\s+", "");
        if (p.isEmpty()) {
            return List.of(Finding.of(Status.FAIL, where + " is revoked (empty p=): mail signed with this selector fails DKIM"));
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return List.of(Finding.of(Status.FAIL, where + ": p= is not valid base64 (" + e.getMessage() + ")"));
        }
        List<Finding> out = new ArrayList<>();
        String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        switch (k) {
            case "rsa" -> out.add(judgeRsa(where, der));
            case "ed25519" -> out.add(der.length == 32
                    ? Finding.of(Status.PASS, where + ": Ed25519 key (RFC 8463)")
                    : Finding.of(Status.FAIL, where + ": k=ed25519 but p= holds " + der.length + " bytes, not 32"));
            default -> out.add(Finding.of(Status.FAIL, where + ": unknown key type k=" + k + " (rsa or ed25519)"));
        }
        String t = tags.get("t");
        if (t != null && Arrays.stream(t.split(":")).map(String::strip).anyMatch(f -> f.equalsIgnoreCase("y"))) {
            out.add(Finding.of(Status.WARN, where + " is in testing mode (t=y): verifiers must treat its signatures as if the mail were unsigned; remove t=y"));
        }
        return out;
    }

    private static Finding judgeRsa(String where, byte[] der) {
        Integer bits;
        boolean spki = true;
        try {
            bits = spkiRsaBits(der);
            if (bits == null) {
                spki = false;
                bits = pkcs1Bits(der);
            }
        } catch (IllegalArgumentException e) {
            bits = null;
        }
        if (bits == null) {
            return Finding.of(Status.FAIL, where + ": p= is not an RSA public key (neither SubjectPublicKeyInfo nor RSAPublicKey)");
        }
        String form = spki ? "" : " (an RSAPublicKey, not the SubjectPublicKeyInfo RFC 6376 §3.6.1 asks for)";
        if (bits < 1024) {
            return Finding.of(Status.FAIL, where + ": RSA " + bits + "-bit key" + form
                    + "; verifiers reject keys under 1024 bits (RFC 8301 §3.2); rotate to a 2048-bit key");
        }
        if (bits < 2048) {
            return Finding.of(Status.WARN, where + ": RSA " + bits + "-bit key" + form
                    + "; RFC 8301 §3.2 asks signers for at least 2048 bits; rotate to a 2048-bit key if your provider offers one");
        }
        return Finding.of(spki ? Status.PASS : Status.WARN, where + ": RSA " + bits + "-bit key" + form);
    }

    /** The modulus size of an RSA SubjectPublicKeyInfo; null when {@code der} is not one (maybe bare PKCS#1). */
    static Integer spkiRsaBits(byte[] der) {
        Der outer = new Der(der, 0, der.length);
        Der.Tlv spki = outer.next(0x30);
        if (spki == null || outer.pos != der.length) {
            return null;
        }
        Der body = spki.contents();
        Der.Tlv algorithm = body.next(0x30);
        if (algorithm == null) {
            return null;
        }
        Der.Tlv oid = algorithm.contents().next(0x06);
        if (oid == null || !Arrays.equals(oid.bytes(), RSA_OID)) {
            return null;
        }
        Der.Tlv bitString = body.next(0x03);
        if (bitString == null || bitString.length < 1 || der[bitString.start] != 0) {
            throw new IllegalArgumentException("bad BIT STRING");
        }
        byte[] inner = Arrays.copyOfRange(der, bitString.start + 1, bitString.start + bitString.length);
        Integer bits = pkcs1Bits(inner);
        if (bits == null) {
            throw new IllegalArgumentException("bad RSAPublicKey");
        }
        return bits;
    }

    /** The modulus size of a PKCS#1 RSAPublicKey (SEQUENCE { INTEGER n, INTEGER e }); null when it is not one. */
    static Integer pkcs1Bits(byte[] der) {
        Der outer = new Der(der, 0, der.length);
        Der.Tlv seq = outer.next(0x30);
        if (seq == null || outer.pos != der.length) {
            return null;
        }
        Der body = seq.contents();
        Der.Tlv n = body.next(0x02);
        Der.Tlv e = body.next(0x02);
        if (n == null || e == null || n.length == 0) {
            return null;
        }
        return new BigInteger(1, n.bytes()).bitLength();
    }

    /** Just enough DER to walk a public key: definite lengths, one tag byte. */
    private static final class Der {
        private final byte[] data;
        private final int end;
        private int pos;

        Der(byte[] data, int start, int end) {
            this.data = data;
            this.pos = start;
            this.end = end;
        }

        record Tlv(byte[] data, int start, int length) {
            Der contents() {
                return new Der(data, start, start + length);
            }

            byte[] bytes() {
                return Arrays.copyOfRange(data, start, start + length);
            }
        }

        /** The next element if it has {@code tag}; null otherwise (or when malformed). */
        Tlv next(int tag) {
            if (pos + 2 > end || (data[pos] & 0xFF) != tag) {
                return null;
            }
            int p = pos + 1;
            int len = data[p++] & 0xFF;
            if (len >= 0x80) {
                int count = len & 0x7F;
                if (count == 0 || count > 3 || p + count > end) {
                    return null;
                }
                len = 0;
                for (int i = 0; i < count; i++) {
                    len = (len << 8) | (data[p++] & 0xFF);
                }
            }
            if (p + len > end) {
                return null;
            }
            pos = p + len;
            return new Tlv(data, p, len);
        }
    }
}
