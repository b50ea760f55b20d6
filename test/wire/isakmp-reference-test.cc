/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known answers from real stacks: every IKEv1 message of the v1-realnatd
// (strongSwan 5.9.8 initiator and responder) and ls-v1 (libreswan 4.10
// initiator, strongSwan responder) reference captures, taken on the
// outside leg of a Linux NAT, parsed with the ISAKMP codecs and emitted
// again byte for byte. IKE aes128-sha256-modp2048 with a PSK, ESP
// aes128-sha256 in UDP-encapsulated tunnel mode, no PFS.
//
// The octets are embedded here (extracted once; the test does not read
// the reference folder):
//
//   tshark -r pcaps/<tag>-outside.pcap -Y isakmp -T fields -e udp.payload
//
// gives the UDP payloads: Main Mode 1-4 on port 500 in clear, then from
// message 5 on port 4500 behind the 4-octet non-ESP marker and encrypted.
// The decrypted bodies come from tshark with the keys the daemons logged:
//
//   tshark -r pcaps/<tag>-outside.pcap -x
//          -o 'uat:ikev1_decryption_table:<line of keys/<tag>/ikev1_decryption_table>'
//
// ("Decrypted IKE" tab; it holds the whole CBC plaintext, padding included).
// What each message must contain is what
// dissections/<tag>-outside-ike.txt lists.

#include "ns3/isakmp-constants.h"
#include "ns3/isakmp-header.h"
#include "ns3/isakmp-message.h"
#include "ns3/isakmp-payloads.h"
#include "ns3/isakmp-sa-payload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace
{

using ns3::Bytes;
using ns3::DataAttribute;
using ns3::DeletePayload;
using ns3::IdPayload;
using ns3::IsakmpHeader;
using ns3::IsakmpMessage;
using ns3::IsakmpPayload;
using ns3::NotificationPayload;
using ns3::ParsePayloadChain;
using ns3::SaPayload;
using ns3::SerializePayloadChain;
namespace PayloadType = ns3::IsakmpPayloadType;
namespace VendorId = ns3::IsakmpVendorId;

Bytes
FromHex(const std::string& hex)
{
    Bytes out;
    auto nibble
        = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>((nibble(hex[i]) << 4) | nibble(hex[i + 1])));
    }
    return out;
}

template<std::size_t N>
Bytes
ToBytes(const std::array<uint8_t, N>& a)
{
    return Bytes(a.begin(), a.end());
}

// --- The captured octets ---------------------------------------------------

// v1-realnatd-outside.pcap frame 1, UDP payload (200 octets)
const char* const kSsMm1Wire
    = "5990f481d6a3627200000000000000000110020000000000000000c80d0000380000000100000001"
      "0000002c01010001000000240101000080010007800e0080800200048004000e80030001800b0001"
      "800c3de00d000014882fe56d6fd20dbc2251613b2ebe5beb0d00000c09002689dfd6b7120d000014"
      "afcad71368a1f1c96b8696fc775701000d0000184048b7d56ebce88525e7de7f00d6c2d380000000"
      "0d0000144a131c81070358455c5728f20e95452f0000001490cb80913ebb696e086381b5ec427b1f";

// v1-realnatd-outside.pcap frame 2, UDP payload (180 octets)
const char* const kSsMm2Wire
    = "5990f481d6a36272865ac0603f9964c60110020000000000000000b40d0000380000000100000001"
      "0000002c01010001000000240101000080010007800e0080800200048004000e80030001800b0001"
      "800c3de00d000014882fe56d6fd20dbc2251613b2ebe5beb0d00000c09002689dfd6b7120d000014"
      "afcad71368a1f1c96b8696fc775701000d0000184048b7d56ebce88525e7de7f00d6c2d380000000"
      "000000144a131c81070358455c5728f20e95452f";

// v1-realnatd-outside.pcap frame 3, UDP payload (396 octets)
const char* const kSsMm3Wire
    = "5990f481d6a36272865ac0603f9964c604100200000000000000018c0a000104263e3d200380ea10"
      "2f52d29708a7d3eb1963061e0d6f1b5bf36b2c5a92ef79aae383ff63b90402a74602bebfc60e906a"
      "5f9a46ec89442b717ef3adc09f0abbee811180f5f23daf67fba15938c2dd993effa371fa3a9fdc37"
      "7515e18d7ba8aaa4a7281f969bb5bf5bf48de76bfe2d78b7b60215417162afb27d93e8bdcd436fdc"
      "46a5da3c9bc289dc82732652404e88f6b7eae3fa318de6bf7746f21461616bc5d8603b658711fb09"
      "40257b8aaa98026bc64a1332428aac343c797028f89e71af0ef1cb4996e493087df1dcb273328843"
      "9cf7d511c630c22edf1fe90311f0fdd999903b6f6d0e7514d529ba551d07d29269def0dbc0568cf1"
      "fcfe31df9921800414000024961df95edcaee24b4945caa0754a5cf141e555a15155222c577f0300"
      "842e76b714000024b7fcc3e28fa59176435d8e1e6884ba63dd7cc5afb1d9b194969ca78a3b8873e3"
      "000000245afe2b2f191c0727191a987fd10248f9743d2867b882cfff72caa365a06d3bdf";

// v1-realnatd-outside.pcap frame 4, UDP payload (396 octets)
const char* const kSsMm4Wire
    = "5990f481d6a36272865ac0603f9964c604100200000000000000018c0a0001042ae76d59ec7719fe"
      "454cdeb01d85154d3be08cdf20ae0962b46660a7da33ed543ae7529463379fa40f719321114db410"
      "496df28c70d0e2fed2fae1506d1f5f6d6213b3e8a65df42440553e6888ddbbaf470c796341d4a572"
      "0250f205d4b2d92f367649201d5313dc77c6f338b1cdebbd549e2d7c3c66e2e46594a88b109f2e50"
      "cfa67154e3e8113484c820fc211375be058490ed175264f4c16d7d00072958611c10a7ca3dad2312"
      "6a4b64a8ee9838c69614b353947cad226fd5bbb0f84f1bd7b78b0cb975948d27d89270efc8873281"
      "34f4896e91b33a285951ad37cde1320e536feb0d064874ae0631f0ac23c6f06e058e3cdec3a5cfd3"
      "ba840c90688ab6fb1400002441dcdeb335e479139b0a9fd7820f8ca935347963cc6360806ca4daaf"
      "eebdede41400002460e3cd8353404874bb0456eff2d133b635f6138eec2b0cc47b171ccdc6df6f3a"
      "00000024b7fcc3e28fa59176435d8e1e6884ba63dd7cc5afb1d9b194969ca78a3b8873e3";

// v1-realnatd-outside.pcap frame 5, UDP payload (non-ESP marker first) (112 octets)
const char* const kSsMm5Wire
    = "000000005990f481d6a36272865ac0603f9964c605100201000000000000006c0bd641390986f111"
      "31ad0b9e8121faa2f1296eb2a92aff252260bd6369fa6bb8a408388fee9c557f56e5a1f686c08623"
      "5dc08340577e34368bf45a882ceb2f7eb4e39248614670f6e4e0236998335926";

// v1-realnatd-outside.pcap frame 6, UDP payload (non-ESP marker first) (96 octets)
const char* const kSsMm6Wire
    = "000000005990f481d6a36272865ac0603f9964c605100201000000000000005c9cddcc69683df8af"
      "4bc89354559a80eb5eb39ee68f411967ac063ccb58716e422e579abe47a40c9c6599b5df4c73fe35"
      "98e83b9710be885f6909223aca57bf65";

// v1-realnatd-outside.pcap frame 7, UDP payload (non-ESP marker first) (192 octets)
const char* const kSsQm1Wire
    = "000000005990f481d6a36272865ac0603f9964c60810200191141d21000000bceb04207008f2d822"
      "2ee675749f9310d566659a895c47a3a387bb9a7cee9e0f0203d3c940abc19c1e6f26ddf5e20dd775"
      "cf2b763c32d560f20b7bf3d7ae0ea4487c17232775aaa21280bb4f5a3f5d6826d9f7ad84864d594f"
      "9bef0cf9286e1a1fb875e7961a75e9cbc778c23cd9443f9ab81edf2add5bf5536c42c1b071dcab38"
      "48ca78758c79b3c5360bf4b7832c959b519b5d9d163a00c65538859107bcc446";

// v1-realnatd-outside.pcap frame 8, UDP payload (non-ESP marker first) (192 octets)
const char* const kSsQm2Wire
    = "000000005990f481d6a36272865ac0603f9964c60810200191141d21000000bc5eb5b390a2faa981"
      "6b62f505ec8aab1e8b746bd274da806fdcecec3611f0181dce11cfa119dfdea87a4aaa577a0308c4"
      "08abbc9e0eb44839ddd8f06baeb9daee6f6aed3603258c57a72bdf0178117f6b102ca0a7e75e73bd"
      "150a49890b2739062bf7710711225f68f1222e53d3d2bbf95f634ff7b481639ab8e3d817680a208e"
      "267b15411c7b04f87f5cea922a678aaa153ef4a964ceb65758f9601cf9963f93";

// v1-realnatd-outside.pcap frame 9, UDP payload (non-ESP marker first) (80 octets)
const char* const kSsQm3Wire
    = "000000005990f481d6a36272865ac0603f9964c60810200191141d210000004cd591974ae4c2eee7"
      "cb937e20a7d5d3d319292076d9baef001f5e46cb31d44fb19f9acbe70b2a2fe291b7f17d0705971e";

// v1-realnatd-outside.pcap frame 25, UDP payload (non-ESP marker first) (96 octets)
const char* const kSsInfo1Wire
    = "000000005990f481d6a36272865ac0603f9964c608100501c453f2200000005c367bb5adfc0e9629"
      "6311e2f85f9cdc359ed30e2fc0de5960d8c99aebc82d3cb2224705911979c04377bcb3279c07eaa7"
      "41bf7292500e8c18636e21a067d010d0";

// v1-realnatd-outside.pcap frame 26, UDP payload (non-ESP marker first) (112 octets)
const char* const kSsInfo2Wire
    = "000000005990f481d6a36272865ac0603f9964c6081005013441e7e20000006c297f206971b6433c"
      "4c58284e2d681bb75154a54ae245fcabdf47ef52fa348fb8af1e9de36be22c961052cc5efc9be298"
      "6bfcece42bb5abcba94c64d560d84ba23ffdbf0084def48f7a70acf89460c13f";

// v1-realnatd Mm5 decrypted by tshark (80 octets)
const char* const kSsMm5Plain
    = "0800000f02000000696e692e6c61620b000024a4193b3418b652eb0d09815ce753543fad0ca2682a"
      "506ad9dce7fc01bd956c8e0000001c00000001011060025990f481d6a36272865ac0603f9964c600";

// v1-realnatd Mm6 decrypted by tshark (64 octets)
const char* const kSsMm6Plain
    = "0800000f020000007273702e6c616200000024985506e12579f07dd5fef908cba2b6f2d05e42d406"
      "58f983e5eeeeb1531a83a200000000000000000000000000";

// v1-realnatd Qm1 decrypted by tshark (160 octets)
const char* const kSsQm1Plain
    = "01000024b5e54a294a066afa248943c245e7e9e780165d9e1fea8b117c13b5c6a0e9fa430a000034"
      "00000001000000010000002801030401fbeac9530000001c010c0000800600808005000580040003"
      "8001000180020f7805000024ec582d53769882266f590c101db3eb4e0db8640e3ebb9efea6a59370"
      "46aeff9605000010040000000a010000ffffff0000000010040000000a020000ffffff0000000000";

// v1-realnatd Qm2 decrypted by tshark (160 octets)
const char* const kSsQm2Plain
    = "01000024cdd6044054ce0ef7f106766fb27896891624962d81112ccfce01a79096b7731c0a000034"
      "0000000100000001000000280103040159143ece0000001c010c0000800600808005000580040003"
      "8001000180020f7805000024c1dd9b98d05377cbd19021a7d657842ded241f4d7e185b975457f94c"
      "791f809b05000010040000000a010000ffffff0000000010040000000a020000ffffff0000000000";

// v1-realnatd Qm3 decrypted by tshark (48 octets)
const char* const kSsQm3Plain
    = "000000246d074d05deedba86d8cd7f38f73cf30dd4e399a068fee05882b824b6c49e19f900000000"
      "0000000000000000";

// v1-realnatd Info1 decrypted by tshark (64 octets)
const char* const kSsInfo1Plain
    = "0c000024df1f7b746fe67a698c05437d44413ce34a9178e6d1aaf2f16a3c5e91eebeae6e00000010"
      "0000000103040001fbeac953000000000000000000000000";

// v1-realnatd Info2 decrypted by tshark (80 octets)
const char* const kSsInfo2Plain
    = "0c000024467c7b25e7b3aa770ed90f0e04662bf219ad3a59bff603046c99bc6fc4798b250000001c"
      "00000001011000015990f481d6a36272865ac0603f9964c600000000000000000000000000000000";

// ls-v1-outside.pcap frame 1, UDP payload (204 octets)
const char* const kLsMm1Wire
    = "0588601cd51489e800000000000000000110020000000000000000cc0d0000380000000100000001"
      "0000002c000100010000002400010000800b0001800c70808001000780020004800300018004000e"
      "800e00800d0000144048b7d56ebce88525e7de7f00d6c2d30d000014afcad71368a1f1c96b8696fc"
      "775701000d0000144a131c81070358455c5728f20e95452f0d0000147d9419a65310ca6f2c179d92"
      "15529d560d00001490cb80913ebb696e086381b5ec427b1f00000014cd60464335df21f87cfdb2fc"
      "68b6a448";

// ls-v1-outside.pcap frame 2, UDP payload (180 octets)
const char* const kLsMm2Wire
    = "0588601cd51489e80d7bacbe69ddf4c30110020000000000000000b40d0000380000000100000001"
      "0000002c01010001000000240101000080010007800e0080800200048004000e80030001800b0001"
      "800c70800d000014882fe56d6fd20dbc2251613b2ebe5beb0d00000c09002689dfd6b7120d000014"
      "afcad71368a1f1c96b8696fc775701000d0000184048b7d56ebce88525e7de7f00d6c2d380000000"
      "000000144a131c81070358455c5728f20e95452f";

// ls-v1-outside.pcap frame 3, UDP payload (396 octets)
const char* const kLsMm3Wire
    = "0588601cd51489e80d7bacbe69ddf4c304100200000000000000018c0a00010401aae8aeeb04e1a7"
      "bd61d441070d05a36e99e391d951ec8265fdcda8e0ec479f322973aa2bb4627b459d2197ad5d16c8"
      "b92934f6bab4528a836f2a2551afe2d1e32084a2400452bd0f707b5d80599173ee93194bb7ac366a"
      "1fd766a7f71dfe7f20565d2d80b15f8eafe7c2dba3a861b69b0f237a203013f6b6d7c9ed7571a541"
      "be0dd2883e4ed22bf1a79510cb47f70f5a95744aab62124b089a8c2bb45b6ba5e9ff3bda19ab5f3c"
      "9e8f1c671ce0b65dc91c3bcd4a3a58deaa820e319879b2e3fabe0c02ab43024b9e6b46cdd881ab91"
      "2676b6c0d44c1b8742fb7d7bf2406c74345156ca6951f48cd6922fa5aacb5e9f961f0dab0ffd63de"
      "8a8ed1d03b61151814000024b138b17e492973778b2b4a45e390724248daa31a16b6ccdb598bf8c1"
      "ead35bb814000024fe067a536ae7f4cb4b9a063e17214356666079429e63b91ec9631ef43454239c"
      "00000024fff2d5812ea70858bfe34ce6ea7f228ad214f816f23271781a4a5ef42e3b4035";

// ls-v1-outside.pcap frame 4, UDP payload (396 octets)
const char* const kLsMm4Wire
    = "0588601cd51489e80d7bacbe69ddf4c304100200000000000000018c0a000104a1c7b471555c4912"
      "372c49912ea7abe4d4894d9168f0647c6eff7e73ef93588322bbc4efc8edc4581f028b26c3ee862f"
      "dbc4331fa0d7441ba86cb576e178185cab4c5a2aae707fcef12bd818f513aaf66d37c478895d3f18"
      "ea9d18267382b44d152b1169a763e4ca57f4d2faeb518060e96154e73c89e48a7a5c49aaae01811c"
      "3c884dce4a9640416afc9221f2cfdf612e88812312f271c24491fda0722b565b3fec8af6942242cf"
      "ef4e72d0807b5614356152d4b166dfa24ffb9162a1196fa9ed1b777f118061f7fb1269abe821e613"
      "fa4b4ad2f191508a5c442165a6666d02d43757617f9826d54bc9e7d715d5cdedbc02e16756d314d3"
      "310e05ce3772ad9214000024b771a88fbb42d515c63caf65f474f8f0cc13fb178d4aa349273cec3a"
      "3aa5709714000024baf98c2487c9bfac8d96c687f1a6bc48572f565f156c65a055ffef92deb720a2"
      "00000024fe067a536ae7f4cb4b9a063e17214356666079429e63b91ec9631ef43454239c";

// ls-v1-outside.pcap frame 5, UDP payload (non-ESP marker first) (96 octets)
const char* const kLsMm5Wire
    = "000000000588601cd51489e80d7bacbe69ddf4c305100201000000000000005c116ffee48ee27a2e"
      "53ca9045dc99ebf595cd70bde399380d693e30d20370d6f0f858e06202b30ca88ff54523c266dc56"
      "1014d04b510edfb3c8dcf9d173270179";

// ls-v1-outside.pcap frame 6, UDP payload (non-ESP marker first) (96 octets)
const char* const kLsMm6Wire
    = "000000000588601cd51489e80d7bacbe69ddf4c305100201000000000000005c5229d3f9d135bf36"
      "f86fee8f6faab16ea4505440970cd93b63dbd60e9e88b2f65e7620060a86d3ea6c3bfa08eb5e5942"
      "953f04fffabb2ac01ed97a5510a80d96";

// ls-v1-outside.pcap frame 7, UDP payload (non-ESP marker first) (192 octets)
const char* const kLsQm1Wire
    = "000000000588601cd51489e80d7bacbe69ddf4c308102001b018ef46000000bc748ef2701ef30f13"
      "d48aded384498ea49fd408c73ff150e211d1262d8d82e739932c0f43994bc42d6e6ded94ad9a0632"
      "fc82275623f21a4f79f34606083ece7bb9fbe00d78374332453d75a92ec59e55cf6221ff58f12575"
      "0d7baa633aa20f44373c48ada8cae27915b366a0b516d9acb942dcdce061e85a29d761efaaf5caea"
      "5729d0ad4060b45defc70bfcbebfa19ec7e50eeaad3c7957981727b1d5f28582";

// ls-v1-outside.pcap frame 8, UDP payload (non-ESP marker first) (192 octets)
const char* const kLsQm2Wire
    = "000000000588601cd51489e80d7bacbe69ddf4c308102001b018ef46000000bca3bed861456e86f1"
      "66b4b4e15ac6dfc2731bc7cffb7bf3e2c88a30d7553deb2730774ddda6d005e3e3651d0d55c89921"
      "33f2505edb45eb33347c8ba8a0b793094544dd048ef408160a4ff61209fc979ee77bfcd0b1bd3da3"
      "d66b1bb1b85b31b563c3473dfadf5f552c0b346ed52d4ac062166b30fbbc7bf6cda67265e0bdccb3"
      "6f283e9296f0abd4cd9dfdbf8f508f2e0386c1855f462b174f3862fb50180b0b";

// ls-v1-outside.pcap frame 9, UDP payload (non-ESP marker first) (96 octets)
const char* const kLsInfoWire
    = "000000000588601cd51489e80d7bacbe69ddf4c30810050184fecb900000005ce304dcd302fb84ff"
      "8d87334dd35db6421994693206d8ac9392b253a816fcb5bb12f0c996345ac684b3f4320915a50f57"
      "d9899aaaa908302dee79d5339e071e9b";

// ls-v1 Mm5 decrypted by tshark (64 octets)
const char* const kLsMm5Plain
    = "0800000f02000000696e692e6c616200000024e6371a5c965f159106f334e726ae8f549db5988fcb"
      "06b182397801833fe961b000000000000000000000000000";

// ls-v1 Mm6 decrypted by tshark (64 octets)
const char* const kLsMm6Plain
    = "0800000f020000007273702e6c616200000024b81a7222264e4a453e3b567f4ecbbc7b3e66a7b97b"
      "c8e6f6f5fbf2f05e617b5900000000000000000000000000";

// ls-v1 Qm1 decrypted by tshark (160 octets)
const char* const kLsQm1Plain
    = "01000024e18b28634922dbb3b4e6ca868341b2a0a18da7bb32ffc00f3e9639277bb7dbb40a000034"
      "00000001000000010000002800030401a915ac280000001c000c0000800400038001000180027080"
      "8005000580060080050000245e78739c587f1bb3ad243ef642a5db2011304f4bb3052b9467349b9f"
      "2bfaf31f05000010040000000a010000ffffff0000000010040000000a020000ffffff0000000000";

// ls-v1 Qm2 decrypted by tshark (160 octets)
const char* const kLsQm2Plain
    = "010000243633faa89f435187c236d844bb08fccac0d54af024ffdf9431180939823462ac0a000034"
      "00000001000000010000002801030401159d9e170000001c010c0000800600808005000580040003"
      "800100018002708005000024b002c0c5fe8c33ed92c007facaf916ed06e8290f23c5347521cb9ce8"
      "79d17e4505000010040000000a010000ffffff0000000010040000000a020000ffffff0000000000";

// ls-v1 Info decrypted by tshark (64 octets)
const char* const kLsInfoPlain
    = "0c000024f48ec761e89d21f762793f17629e7d1fcc6093765d172a6fedfd7bf04e043e470000001c"
      "00000001011000010588601cd51489e80d7bacbe69ddf4c3";

// --- Helpers ----------------------------------------------------------------

const Bytes kSsCookieI = FromHex("5990f481d6a36272");
const Bytes kSsCookieR = FromHex("865ac0603f9964c6");
const Bytes kLsCookieI = FromHex("0588601cd51489e8");
const Bytes kLsCookieR = FromHex("0d7bacbe69ddf4c3");

/// The octets of one UDP payload, in storage of exactly their size.
Bytes
Wire(const char* hex)
{
    return FromHex(hex);
}

/// The IKE message behind the non-ESP marker of a UDP 4500 payload (RFC
/// 3948 section 2.2).
Bytes
AfterNonEspMarker(const Bytes& udpPayload)
{
    EXPECT_GE(udpPayload.size(), 4u);
    if (udpPayload.size() < 4)
    {
        return {};
    }
    EXPECT_EQ(Bytes(udpPayload.begin(), udpPayload.begin() + 4), Bytes(4, 0));
    return Bytes(udpPayload.begin() + 4, udpPayload.end());
}

IsakmpMessage
ParseMessage(const Bytes& wire)
{
    auto result = IsakmpMessage::Parse(wire.data(), wire.size());
    EXPECT_TRUE(result.IsOk()) << (result.IsOk() ? ""
                                                 : ns3::IsakmpParseErrorName(result.GetError()));
    return result.IsOk() ? result.Value() : IsakmpMessage{};
}

std::vector<Bytes>
VendorIds(const IsakmpMessage& message)
{
    std::vector<Bytes> ids;
    for (const IsakmpPayload* vid : message.FindAll(PayloadType::kVendorId))
    {
        ids.push_back(vid->body);
    }
    return ids;
}

DataAttribute
Tv(uint16_t type, uint16_t value)
{
    return DataAttribute::Basic(type, value);
}

/// Check the header fields every message of an exchange shares.
void
ExpectHeader(const IsakmpHeader& h, const Bytes& cookieI, const Bytes& cookieR, uint8_t exchange,
             uint8_t flags, uint32_t messageId, uint32_t length)
{
    EXPECT_EQ(ToBytes(h.initiatorCookie), cookieI);
    EXPECT_EQ(ToBytes(h.responderCookie), cookieR);
    EXPECT_EQ(h.version, 0x10);
    EXPECT_EQ(h.MajorVersion(), 1);
    EXPECT_EQ(h.MinorVersion(), 0);
    EXPECT_EQ(h.exchangeType, exchange);
    EXPECT_EQ(h.flags, flags);
    EXPECT_EQ(h.messageId, messageId);
    EXPECT_EQ(h.length, length);
}

/// The phase 1 SA of Main Mode 1 or 2: one proposal for PROTO_ISAKMP,
/// no SPI, one KEY_IKE transform with exactly these attributes.
void
ExpectPhase1Sa(const IsakmpMessage& message, uint8_t proposalNumber, uint8_t transformNumber,
               const std::vector<DataAttribute>& attributes)
{
    const IsakmpPayload* payload = message.Find(PayloadType::kSa);
    ASSERT_NE(payload, nullptr);
    auto sa = SaPayload::Parse(payload->body.data(), payload->body.size());
    ASSERT_TRUE(sa.has_value());
    EXPECT_EQ(sa->doi, ns3::IsakmpDoi::kIpsec);
    EXPECT_EQ(sa->situation, ns3::IpsecSituation::kIdentityOnly);
    ASSERT_EQ(sa->proposals.size(), 1u);
    const auto& proposal = sa->proposals[0];
    EXPECT_EQ(proposal.number, proposalNumber);
    EXPECT_EQ(proposal.protocolId, ns3::IsakmpProtocolId::kIsakmp);
    EXPECT_TRUE(proposal.spi.empty());
    ASSERT_EQ(proposal.transforms.size(), 1u);
    const auto& transform = proposal.transforms[0];
    EXPECT_EQ(transform.number, transformNumber);
    EXPECT_EQ(transform.transformId, ns3::IsakmpTransformId::kKeyIke);
    EXPECT_EQ(transform.attributes, attributes);
    // What the responder's policy match reads: aes128-sha256-modp2048, PSK.
    namespace A = ns3::IkeAttributeType;
    EXPECT_EQ(transform.GetAttribute(A::kEncryptionAlgorithm),
              ns3::IkeEncryptionAlgorithm::kAesCbc);
    EXPECT_EQ(transform.GetAttribute(A::kKeyLength), 128u);
    EXPECT_EQ(transform.GetAttribute(A::kHashAlgorithm), ns3::IkeHashAlgorithm::kSha256);
    EXPECT_EQ(transform.GetAttribute(A::kGroupDescription), ns3::IkeGroup::kModp2048);
    EXPECT_EQ(transform.GetAttribute(A::kAuthenticationMethod),
              ns3::IkeAuthenticationMethod::kPreSharedKey);
    EXPECT_EQ(transform.GetAttribute(A::kLifeType), ns3::IsakmpLifeType::kSeconds);
    // Emitting the value gives back the body as sent.
    EXPECT_EQ(sa->Serialize(), payload->body);
}

/// The Quick Mode SA: one ESP proposal with this SPI and one AES-CBC
/// transform with exactly these attributes, UDP-Encapsulated-Tunnel.
void
ExpectQuickModeSa(const IsakmpMessage& message, uint8_t proposalNumber, const Bytes& spi,
                  uint8_t transformNumber, const std::vector<DataAttribute>& attributes)
{
    const IsakmpPayload* payload = message.Find(PayloadType::kSa);
    ASSERT_NE(payload, nullptr);
    auto sa = SaPayload::Parse(payload->body.data(), payload->body.size());
    ASSERT_TRUE(sa.has_value());
    ASSERT_EQ(sa->proposals.size(), 1u);
    const auto& proposal = sa->proposals[0];
    EXPECT_EQ(proposal.number, proposalNumber);
    EXPECT_EQ(proposal.protocolId, ns3::IsakmpProtocolId::kEsp);
    EXPECT_EQ(proposal.spi, spi);
    ASSERT_EQ(proposal.transforms.size(), 1u);
    const auto& transform = proposal.transforms[0];
    EXPECT_EQ(transform.number, transformNumber);
    EXPECT_EQ(transform.transformId, ns3::EspTransformId::kAesCbc);
    EXPECT_EQ(transform.attributes, attributes);
    namespace A = ns3::IpsecAttributeType;
    EXPECT_EQ(transform.GetAttribute(A::kEncapsulationMode),
              ns3::IpsecEncapsulationMode::kUdpEncapsulatedTunnel);
    EXPECT_EQ(transform.GetAttribute(A::kAuthenticationAlgorithm),
              ns3::IpsecAuthenticationAlgorithm::kHmacSha256);
    EXPECT_EQ(transform.GetAttribute(A::kKeyLength), 128u);
    EXPECT_EQ(sa->Serialize(), payload->body);
}

/// Main Mode 3 or 4: KE (256 octets for MODP 2048), a 32-octet nonce and
/// the two NAT-D hashes in the order the dissection lists.
void
ExpectKeyExchangeMessage(const IsakmpMessage& message, const std::string& natD1,
                         const std::string& natD2)
{
    EXPECT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kKeyExchange, PayloadType::kNonce,
                                    PayloadType::kNatDiscovery, PayloadType::kNatDiscovery}));
    ASSERT_EQ(message.payloads.size(), 4u);
    EXPECT_EQ(message.payloads[0].body.size(), 256u);
    EXPECT_EQ(message.payloads[1].body.size(), 32u);
    EXPECT_EQ(message.payloads[2].body, FromHex(natD1));
    EXPECT_EQ(message.payloads[3].body, FromHex(natD2));
    EXPECT_EQ(message.ignoredOctets, 0u);
}

/// An encrypted message: the header in clear, the body kept as is, and
/// re-emitted unchanged. Then its decrypted body: the payload chain, the
/// padding octets ignored, and the chain re-emitted as the plaintext
/// without its padding.
IsakmpMessage
ExpectEncrypted(const Bytes& wire, const Bytes& plaintext, std::size_t padding)
{
    IsakmpMessage message = ParseMessage(wire);
    EXPECT_TRUE(message.IsEncrypted());
    EXPECT_TRUE(message.payloads.empty());
    EXPECT_EQ(message.encryptedBody.size(), wire.size() - IsakmpHeader::kSize);
    EXPECT_EQ(message.encryptedBody.size(), plaintext.size());
    EXPECT_EQ(message.encryptedBody.size() % 16, 0u); // AES-CBC
    EXPECT_EQ(message.Serialize(), wire);

    auto decrypted
        = IsakmpMessage::ParseDecrypted(message.header, plaintext.data(), plaintext.size());
    EXPECT_TRUE(decrypted.IsOk());
    if (!decrypted.IsOk())
    {
        return {};
    }
    EXPECT_EQ(decrypted->ignoredOctets, padding);
    EXPECT_EQ(decrypted->header, message.header);
    EXPECT_EQ(SerializePayloadChain(decrypted->payloads),
              Bytes(plaintext.begin(), plaintext.end() - padding));
    return decrypted.Value();
}

void
ExpectFqdnId(const IsakmpPayload& payload, const std::string& name)
{
    EXPECT_EQ(payload.type, PayloadType::kIdentification);
    auto id = IdPayload::Parse(payload.body.data(), payload.body.size());
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->idType, ns3::IsakmpIdType::kFqdn);
    EXPECT_EQ(id->protocolId, 0);
    EXPECT_EQ(id->port, 0);
    EXPECT_EQ(id->GetName(), name);
    EXPECT_EQ(id->Serialize(), payload.body);
}

void
ExpectSubnetId(const IsakmpPayload& payload, const std::array<uint8_t, 4>& address,
               const std::array<uint8_t, 4>& mask)
{
    EXPECT_EQ(payload.type, PayloadType::kIdentification);
    auto id = IdPayload::Parse(payload.body.data(), payload.body.size());
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->idType, ns3::IsakmpIdType::kIpv4AddrSubnet);
    EXPECT_EQ(id->protocolId, 0);
    EXPECT_EQ(id->port, 0);
    auto subnet = id->GetIpv4Subnet();
    ASSERT_TRUE(subnet.has_value());
    EXPECT_EQ(subnet->address, address);
    EXPECT_EQ(subnet->mask, mask);
    EXPECT_EQ(id->Serialize(), payload.body);
}

/// Quick Mode 1 or 2: HASH(1/2), SA, Ni/Nr, IDci, IDcr (RFC 2409 5.5).
void
ExpectQuickModeChain(const IsakmpMessage& message)
{
    EXPECT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kHash, PayloadType::kSa, PayloadType::kNonce,
                                    PayloadType::kIdentification, PayloadType::kIdentification}));
    ASSERT_EQ(message.payloads.size(), 5u);
    EXPECT_EQ(message.payloads[0].body.size(), 32u); // HMAC-SHA-256
    EXPECT_EQ(message.payloads[2].body.size(), 32u);
    ExpectSubnetId(message.payloads[3], {10, 1, 0, 0}, {255, 255, 255, 0});
    ExpectSubnetId(message.payloads[4], {10, 2, 0, 0}, {255, 255, 255, 0});
}

/// An Informational exchange with HASH(1) and one Delete (RFC 2409 5.7).
void
ExpectDelete(const IsakmpMessage& message, uint8_t protocolId, const Bytes& spi)
{
    EXPECT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kHash, PayloadType::kDelete}));
    ASSERT_EQ(message.payloads.size(), 2u);
    EXPECT_EQ(message.payloads[0].body.size(), 32u);
    const Bytes& body = message.payloads[1].body;
    auto deletion = DeletePayload::Parse(body.data(), body.size());
    ASSERT_TRUE(deletion.has_value());
    EXPECT_EQ(deletion->doi, ns3::IsakmpDoi::kIpsec);
    EXPECT_EQ(deletion->protocolId, protocolId);
    EXPECT_EQ(deletion->spiSize, spi.size());
    ASSERT_EQ(deletion->spis.size(), 1u);
    EXPECT_EQ(deletion->spis[0], spi);
    EXPECT_EQ(deletion->Serialize(), body);
}

/// Every proper prefix of a message is refused (exact-size storage, so
/// AddressSanitizer sees any read past it).
void
ExpectEveryPrefixRefused(const Bytes& wire)
{
    for (std::size_t n = 0; n < wire.size(); ++n)
    {
        Bytes prefix(wire.begin(), wire.begin() + n);
        auto result = IsakmpMessage::Parse(prefix.data(), prefix.size());
        EXPECT_FALSE(result.IsOk()) << "prefix of " << n << " octets";
    }
}

// --- strongSwan initiator and responder (v1-realnatd) ----------------------

TEST(IsakmpReferenceStrongSwan, MainMode1OffersAes128Sha256Modp2048AndNatT)
{
    const Bytes wire = Wire(kSsMm1Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kSsCookieI, Bytes(8, 0), IsakmpHeader::kExchangeMainMode, 0, 0,
                 200);
    EXPECT_EQ(message.header.nextPayload, PayloadType::kSa);
    EXPECT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kSa, 13, 13, 13, 13, 13, 13}));
    ExpectPhase1Sa(
        message, 1, 1,
        {Tv(1, 7), Tv(14, 128), Tv(2, 4), Tv(4, 14), Tv(3, 1), Tv(11, 1), Tv(12, 15840)});
    EXPECT_EQ(VendorIds(message),
              (std::vector<Bytes>{FromHex("882fe56d6fd20dbc2251613b2ebe5beb"), // strongSwan
                                  ToBytes(VendorId::kXauth), ToBytes(VendorId::kDpd),
                                  FromHex("4048b7d56ebce88525e7de7f00d6c2d380000000"),
                                  ToBytes(VendorId::kRfc3947), ToBytes(VendorId::kNatTDraft02N)}));
    // strongSwan's Cisco fragmentation VID is the 16-octet one plus 80000000.
    const std::vector<Bytes> vids = VendorIds(message);
    ASSERT_EQ(vids.size(), 6u);
    const Bytes& fragmentation = vids[3];
    EXPECT_EQ(Bytes(fragmentation.begin(), fragmentation.begin() + 16),
              ToBytes(VendorId::kCiscoFragmentation));
    EXPECT_EQ(message.ignoredOctets, 0u);
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceStrongSwan, MainMode2AcceptsTheProposal)
{
    const Bytes wire = Wire(kSsMm2Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeMainMode, 0, 0,
                 180);
    EXPECT_EQ(message.PayloadTypes(), (std::vector<uint8_t>{PayloadType::kSa, 13, 13, 13, 13, 13}));
    ExpectPhase1Sa(
        message, 1, 1,
        {Tv(1, 7), Tv(14, 128), Tv(2, 4), Tv(4, 14), Tv(3, 1), Tv(11, 1), Tv(12, 15840)});
    std::vector<Bytes> vids = VendorIds(message);
    ASSERT_EQ(vids.size(), 5u);
    EXPECT_EQ(vids[2], ToBytes(VendorId::kDpd));
    EXPECT_EQ(vids[4], ToBytes(VendorId::kRfc3947));
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceStrongSwan, MainMode3CarriesKeNonceAndNatD)
{
    const Bytes wire = Wire(kSsMm3Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeMainMode, 0, 0,
                 396);
    // NAT-D of the peer (203.0.113.2:500) first, then of itself as it
    // sees itself (192.168.1.2:500), RFC 3947 section 3.2.
    ExpectKeyExchangeMessage(message,
                             "b7fcc3e28fa59176435d8e1e6884ba63dd7cc5afb1d9b194969ca78a3b8873e3",
                             "5afe2b2f191c0727191a987fd10248f9743d2867b882cfff72caa365a06d3bdf");
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceStrongSwan, MainMode4CarriesKeNonceAndNatD)
{
    const Bytes wire = Wire(kSsMm4Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeMainMode, 0, 0,
                 396);
    // The peer as seen from the responder: the NAT's 203.0.113.1:40649.
    ExpectKeyExchangeMessage(message,
                             "60e3cd8353404874bb0456eff2d133b635f6138eec2b0cc47b171ccdc6df6f3a",
                             "b7fcc3e28fa59176435d8e1e6884ba63dd7cc5afb1d9b194969ca78a3b8873e3");
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceStrongSwan, MainMode5IdHashAndInitialContact)
{
    const Bytes wire = AfterNonEspMarker(Wire(kSsMm5Wire));
    IsakmpMessage message = ExpectEncrypted(wire, Wire(kSsMm5Plain), 1);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeMainMode, 1, 0,
                 108);
    EXPECT_EQ(message.header.nextPayload, PayloadType::kIdentification);
    ASSERT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kIdentification, PayloadType::kHash,
                                    PayloadType::kNotification}));
    ExpectFqdnId(message.payloads[0], "ini.lab");
    EXPECT_EQ(message.payloads[1].body.size(), 32u);
    const Bytes& body = message.payloads[2].body;
    auto notify = NotificationPayload::Parse(body.data(), body.size());
    ASSERT_TRUE(notify.has_value());
    EXPECT_EQ(notify->type, ns3::IsakmpNotifyType::kInitialContact);
    EXPECT_FALSE(notify->IsError());
    std::array<uint8_t, 8> cookieI{};
    std::array<uint8_t, 8> cookieR{};
    std::copy(kSsCookieI.begin(), kSsCookieI.end(), cookieI.begin());
    std::copy(kSsCookieR.begin(), kSsCookieR.end(), cookieR.begin());
    EXPECT_EQ(*notify, NotificationPayload::ForIsakmpSa(ns3::IsakmpNotifyType::kInitialContact,
                                                        cookieI, cookieR));
    EXPECT_EQ(notify->Serialize(), body);
}

TEST(IsakmpReferenceStrongSwan, MainMode6IdAndHash)
{
    const Bytes wire = AfterNonEspMarker(Wire(kSsMm6Wire));
    IsakmpMessage message = ExpectEncrypted(wire, Wire(kSsMm6Plain), 13);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeMainMode, 1, 0, 92);
    ASSERT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kIdentification, PayloadType::kHash}));
    ExpectFqdnId(message.payloads[0], "rsp.lab");
    EXPECT_EQ(message.payloads[1].body.size(), 32u);
}

TEST(IsakmpReferenceStrongSwan, QuickMode1OffersUdpEncapsulatedTunnel)
{
    const Bytes wire = AfterNonEspMarker(Wire(kSsQm1Wire));
    const Bytes plaintext = Wire(kSsQm1Plain);
    IsakmpMessage message = ExpectEncrypted(wire, plaintext, 4);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeQuickMode, 1,
                 0x91141d21, 188);
    ExpectQuickModeChain(message);
    ExpectQuickModeSa(message, 1, FromHex("fbeac953"), 1,
                      {Tv(6, 128), Tv(5, 5), Tv(4, 3), Tv(1, 1), Tv(2, 3960)});

    // HASH(1) covers the message after the HASH payload, generic headers
    // included, padding excluded (RFC 2409 section 5.5): the chain tells
    // where that is.
    auto chain = ParsePayloadChain(message.header.nextPayload, plaintext.data(), plaintext.size());
    ASSERT_TRUE(chain.IsOk());
    ASSERT_EQ(chain->offsets.size(), 5u);
    EXPECT_EQ(chain->offsets, (std::vector<std::size_t>{0, 36, 88, 124, 140}));
    EXPECT_EQ(chain->chainLength, 156u);
    EXPECT_EQ(chain->ignoredOctets, 4u);
}

TEST(IsakmpReferenceStrongSwan, QuickMode2AnswersWithTheResponderSpi)
{
    const Bytes wire = AfterNonEspMarker(Wire(kSsQm2Wire));
    IsakmpMessage message = ExpectEncrypted(wire, Wire(kSsQm2Plain), 4);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeQuickMode, 1,
                 0x91141d21, 188);
    ExpectQuickModeChain(message);
    ExpectQuickModeSa(message, 1, FromHex("59143ece"), 1,
                      {Tv(6, 128), Tv(5, 5), Tv(4, 3), Tv(1, 1), Tv(2, 3960)});
}

TEST(IsakmpReferenceStrongSwan, QuickMode3IsOnlyHash3)
{
    const Bytes wire = AfterNonEspMarker(Wire(kSsQm3Wire));
    IsakmpMessage message = ExpectEncrypted(wire, Wire(kSsQm3Plain), 12);
    ExpectHeader(message.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeQuickMode, 1,
                 0x91141d21, 76);
    ASSERT_EQ(message.PayloadTypes(), (std::vector<uint8_t>{PayloadType::kHash}));
    EXPECT_EQ(message.payloads[0].body.size(), 32u);
}

TEST(IsakmpReferenceStrongSwan, InformationalDeletesTheEspSaThenTheIsakmpSa)
{
    const Bytes wire1 = AfterNonEspMarker(Wire(kSsInfo1Wire));
    IsakmpMessage esp = ExpectEncrypted(wire1, Wire(kSsInfo1Plain), 12);
    ExpectHeader(esp.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeInformational, 1,
                 0xc453f220, 92);
    ExpectDelete(esp, ns3::IsakmpProtocolId::kEsp, FromHex("fbeac953"));

    const Bytes wire2 = AfterNonEspMarker(Wire(kSsInfo2Wire));
    IsakmpMessage isakmp = ExpectEncrypted(wire2, Wire(kSsInfo2Plain), 16);
    ExpectHeader(isakmp.header, kSsCookieI, kSsCookieR, IsakmpHeader::kExchangeInformational, 1,
                 0x3441e7e2, 108);
    Bytes cookies = kSsCookieI;
    cookies.insert(cookies.end(), kSsCookieR.begin(), kSsCookieR.end());
    ExpectDelete(isakmp, ns3::IsakmpProtocolId::kIsakmp, cookies);
}

// --- libreswan initiator, strongSwan responder (ls-v1) ---------------------

TEST(IsakmpReferenceLibreswan, MainMode1CountsProposalsAndTransformsFromZero)
{
    const Bytes wire = Wire(kLsMm1Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kLsCookieI, Bytes(8, 0), IsakmpHeader::kExchangeMainMode, 0, 0,
                 204);
    EXPECT_EQ(message.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kSa, 13, 13, 13, 13, 13, 13}));
    // Another attribute order, and proposal / transform number 0.
    ExpectPhase1Sa(
        message, 0, 0,
        {Tv(11, 1), Tv(12, 28800), Tv(1, 7), Tv(2, 4), Tv(3, 1), Tv(4, 14), Tv(14, 128)});
    EXPECT_EQ(
        VendorIds(message),
        (std::vector<Bytes>{ToBytes(VendorId::kCiscoFragmentation), ToBytes(VendorId::kDpd),
                            ToBytes(VendorId::kRfc3947), ToBytes(VendorId::kNatTDraft03),
                            ToBytes(VendorId::kNatTDraft02N), ToBytes(VendorId::kNatTDraft02)}));
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceLibreswan, MainMode2FromStrongSwan)
{
    const Bytes wire = Wire(kLsMm2Wire);
    IsakmpMessage message = ParseMessage(wire);
    ExpectHeader(message.header, kLsCookieI, kLsCookieR, IsakmpHeader::kExchangeMainMode, 0, 0,
                 180);
    ExpectPhase1Sa(
        message, 1, 1,
        {Tv(1, 7), Tv(14, 128), Tv(2, 4), Tv(4, 14), Tv(3, 1), Tv(11, 1), Tv(12, 28800)});
    EXPECT_EQ(VendorIds(message).size(), 5u);
    EXPECT_EQ(message.Serialize(), wire);
}

TEST(IsakmpReferenceLibreswan, MainMode3And4CarryNatD)
{
    const Bytes wire3 = Wire(kLsMm3Wire);
    IsakmpMessage mm3 = ParseMessage(wire3);
    ExpectHeader(mm3.header, kLsCookieI, kLsCookieR, IsakmpHeader::kExchangeMainMode, 0, 0, 396);
    ExpectKeyExchangeMessage(mm3,
                             "fe067a536ae7f4cb4b9a063e17214356666079429e63b91ec9631ef43454239c",
                             "fff2d5812ea70858bfe34ce6ea7f228ad214f816f23271781a4a5ef42e3b4035");
    EXPECT_EQ(mm3.Serialize(), wire3);

    const Bytes wire4 = Wire(kLsMm4Wire);
    IsakmpMessage mm4 = ParseMessage(wire4);
    ExpectKeyExchangeMessage(mm4,
                             "baf98c2487c9bfac8d96c687f1a6bc48572f565f156c65a055ffef92deb720a2",
                             "fe067a536ae7f4cb4b9a063e17214356666079429e63b91ec9631ef43454239c");
    EXPECT_EQ(mm4.Serialize(), wire4);
}

TEST(IsakmpReferenceLibreswan, MainMode5And6WithoutInitialContact)
{
    IsakmpMessage mm5 = ExpectEncrypted(AfterNonEspMarker(Wire(kLsMm5Wire)), Wire(kLsMm5Plain), 13);
    ExpectHeader(mm5.header, kLsCookieI, kLsCookieR, IsakmpHeader::kExchangeMainMode, 1, 0, 92);
    ASSERT_EQ(mm5.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kIdentification, PayloadType::kHash}));
    ExpectFqdnId(mm5.payloads[0], "ini.lab");

    IsakmpMessage mm6 = ExpectEncrypted(AfterNonEspMarker(Wire(kLsMm6Wire)), Wire(kLsMm6Plain), 13);
    ASSERT_EQ(mm6.PayloadTypes(),
              (std::vector<uint8_t>{PayloadType::kIdentification, PayloadType::kHash}));
    ExpectFqdnId(mm6.payloads[0], "rsp.lab");
}

TEST(IsakmpReferenceLibreswan, QuickModeNegotiatesUdpEncapsulatedTunnel)
{
    IsakmpMessage qm1 = ExpectEncrypted(AfterNonEspMarker(Wire(kLsQm1Wire)), Wire(kLsQm1Plain), 4);
    ExpectHeader(qm1.header, kLsCookieI, kLsCookieR, IsakmpHeader::kExchangeQuickMode, 1,
                 0xb018ef46, 188);
    ExpectQuickModeChain(qm1);
    ExpectQuickModeSa(qm1, 0, FromHex("a915ac28"), 0,
                      {Tv(4, 3), Tv(1, 1), Tv(2, 28800), Tv(5, 5), Tv(6, 128)});

    // strongSwan answers with its own numbering and attribute order.
    IsakmpMessage qm2 = ExpectEncrypted(AfterNonEspMarker(Wire(kLsQm2Wire)), Wire(kLsQm2Plain), 4);
    ExpectQuickModeChain(qm2);
    ExpectQuickModeSa(qm2, 1, FromHex("159d9e17"), 1,
                      {Tv(6, 128), Tv(5, 5), Tv(4, 3), Tv(1, 1), Tv(2, 28800)});
}

TEST(IsakmpReferenceLibreswan, InformationalDeleteWithoutPadding)
{
    IsakmpMessage info
        = ExpectEncrypted(AfterNonEspMarker(Wire(kLsInfoWire)), Wire(kLsInfoPlain), 0);
    ExpectHeader(info.header, kLsCookieI, kLsCookieR, IsakmpHeader::kExchangeInformational, 1,
                 0x84fecb90, 92);
    Bytes cookies = kLsCookieI;
    cookies.insert(cookies.end(), kLsCookieR.begin(), kLsCookieR.end());
    ExpectDelete(info, ns3::IsakmpProtocolId::kIsakmp, cookies);
}

// --- Robustness on real octets ----------------------------------------------

TEST(IsakmpReferenceRobustness, EveryPrefixOfEveryMessageIsRefused)
{
    for (const char* hex : {kSsMm1Wire, kSsMm2Wire, kSsMm3Wire, kSsMm4Wire, kLsMm1Wire, kLsMm2Wire,
                            kLsMm3Wire, kLsMm4Wire})
    {
        ExpectEveryPrefixRefused(Wire(hex));
    }
    for (const char* hex : {kSsMm5Wire, kSsQm1Wire, kSsInfo2Wire, kLsInfoWire})
    {
        ExpectEveryPrefixRefused(AfterNonEspMarker(Wire(hex)));
    }
}

TEST(IsakmpReferenceRobustness, EveryPrefixOfADecryptedChainIsRefusedOrShorter)
{
    // A decrypted body cut inside a payload is refused; cut inside the
    // padding it still parses, with fewer ignored octets.
    for (const auto& [hex, first] :
         std::vector<std::pair<const char*, uint8_t>>{{kSsMm5Plain, PayloadType::kIdentification},
                                                      {kSsQm1Plain, PayloadType::kHash},
                                                      {kSsInfo2Plain, PayloadType::kHash},
                                                      {kLsQm1Plain, PayloadType::kHash},
                                                      {kLsInfoPlain, PayloadType::kHash}})
    {
        const Bytes plaintext = Wire(hex);
        auto whole = ParsePayloadChain(first, plaintext.data(), plaintext.size());
        ASSERT_TRUE(whole.IsOk());
        for (std::size_t n = 0; n <= plaintext.size(); ++n)
        {
            Bytes prefix(plaintext.begin(), plaintext.begin() + n);
            auto chain = ParsePayloadChain(first, prefix.data(), prefix.size());
            if (n < whole->chainLength)
            {
                EXPECT_FALSE(chain.IsOk()) << n;
            }
            else
            {
                ASSERT_TRUE(chain.IsOk()) << n;
                EXPECT_EQ(chain->payloads, whole->payloads);
                EXPECT_EQ(chain->ignoredOctets, n - whole->chainLength);
            }
        }
    }
}

TEST(IsakmpReferenceRobustness, EveryPrefixOfEveryTypedBodyIsRefused)
{
    // Each typed payload of the captures, cut short at every length.
    std::vector<IsakmpPayload> payloads;
    for (const char* hex : {kSsMm1Wire, kLsMm1Wire})
    {
        IsakmpMessage m = ParseMessage(Wire(hex));
        payloads.push_back(*m.Find(PayloadType::kSa));
    }
    for (const auto& [hex, first] :
         std::vector<std::pair<const char*, uint8_t>>{{kSsMm5Plain, PayloadType::kIdentification},
                                                      {kSsQm1Plain, PayloadType::kHash},
                                                      {kSsInfo1Plain, PayloadType::kHash},
                                                      {kSsInfo2Plain, PayloadType::kHash}})
    {
        const Bytes plaintext = Wire(hex);
        auto chain = ParsePayloadChain(first, plaintext.data(), plaintext.size());
        ASSERT_TRUE(chain.IsOk());
        payloads.insert(payloads.end(), chain->payloads.begin(), chain->payloads.end());
    }
    int checked = 0;
    for (const IsakmpPayload& payload : payloads)
    {
        for (std::size_t n = 0; n < payload.body.size(); ++n)
        {
            Bytes prefix(payload.body.begin(), payload.body.begin() + n);
            switch (payload.type)
            {
                case PayloadType::kSa:
                    EXPECT_FALSE(SaPayload::Parse(prefix.data(), prefix.size()).has_value());
                    ++checked;
                    break;
                case PayloadType::kNotification:
                    EXPECT_FALSE(
                        NotificationPayload::Parse(prefix.data(), prefix.size()).has_value());
                    ++checked;
                    break;
                case PayloadType::kDelete:
                    EXPECT_FALSE(DeletePayload::Parse(prefix.data(), prefix.size()).has_value());
                    ++checked;
                    break;
                case PayloadType::kIdentification:
                    // ID data may be cut anywhere for a name; the 4 fixed
                    // octets and the subnet's 8 cannot.
                    if (n < 4
                        || IdPayload::Parse(payload.body.data(), payload.body.size())->idType
                               != ns3::IsakmpIdType::kFqdn)
                    {
                        EXPECT_FALSE(IdPayload::Parse(prefix.data(), prefix.size()).has_value());
                        ++checked;
                    }
                    break;
                default:
                    break;
            }
        }
    }
    EXPECT_GT(checked, 200);
}

} // namespace
