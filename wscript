# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# ipsec-nat as a module of a waf-based ns-3 tree (ns-3 <= 3.35): copy this
# folder to src/ or contrib/ and run ./waf configure && ./waf build.
# The lists here must match CMakeLists.txt and the files on disk; the test
# test/source-lists-test.py checks that.


def configure(conf):
    conf.check_cfg(package='openssl', args=['--cflags', '--libs'],
                   uselib_store='OPENSSL', mandatory=True)


def build(bld):
    module = bld.create_ns3_module(
        'ipsec-nat',
        ['core', 'network', 'internet', 'point-to-point', 'csma',
         'applications', 'flow-monitor', 'stats', 'virtual-net-device'])
    module.use.append('OPENSSL')
    module.source = [
        'helper/ike-helper.cc',
        'helper/ios-config-helper.cc',
        'helper/ipsec-helper.cc',
        'helper/nat-helper.cc',
        'helper/remote-access-helper.cc',
        'helper/rng-flags.cc',
        'model/config/ios-acl.cc',
        'model/config/ios-config-common.cc',
        'model/config/ios-config.cc',
        'model/cpu/cpu-cost-profile.cc',
        'model/cpu/cpu-model.cc',
        'model/crypto/aead.cc',
        'model/crypto/cipher.cc',
        'model/crypto/crypto-registry.cc',
        'model/crypto/crypto-types.cc',
        'model/crypto/crypto-work.cc',
        'model/crypto/dh-group.cc',
        'model/crypto/digest.cc',
        'model/crypto/integrity.cc',
        'model/crypto/openssl-handles.cc',
        'model/crypto/openssl-providers.cc',
        'model/ike/ike-agent.cc',
        'model/ike/ikev1-aggressive-mode.cc',
        'model/ike/ikev1-crypto.cc',
        'model/ike/ikev1-informational.cc',
        'model/ike/ikev1-main-mode.cc',
        'model/ike/ikev1-nat-t.cc',
        'model/ike/ikev1-quick-mode.cc',
        'model/ipsec/anti-replay-window.cc',
        'model/ipsec/esp-sa-export.cc',
        'model/ipsec/ipsec-l4-protocol.cc',
        'model/ipsec/ipsec-routing-protocol.cc',
        'model/ipsec/ipsec-stack.cc',
        'model/ipsec/ipsec-types.cc',
        'model/ipsec/sa-lifetime.cc',
        'model/ipsec/security-association-database.cc',
        'model/ipsec/security-association.cc',
        'model/ipsec/security-policy-database.cc',
        'model/ipsec/udp-port.cc',
        'model/nat/nat-box.cc',
        'model/nat/nat-l4-bytes.cc',
        'model/nat/nat-mapping-table.cc',
        'model/nat/nat-port-allocator.cc',
        'model/nat/nat-types.cc',
        'model/nat/own-address-set.cc',
        'model/scenario/remote-access-traffic.cc',
        'model/wire/ah-codec.cc',
        'model/wire/esp-codec.cc',
        'model/wire/internet-checksum.cc',
        'model/wire/isakmp-header.cc',
        'model/wire/isakmp-message.cc',
        'model/wire/isakmp-parse-result.cc',
        'model/wire/isakmp-payloads.cc',
        'model/wire/isakmp-sa-payload.cc',
        'model/wire/udp-encapsulation.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'ipsec-nat'
    headers.source = [
        'helper/ike-helper.h',
        'helper/ios-config-helper.h',
        'helper/ipsec-helper.h',
        'helper/nat-helper.h',
        'helper/remote-access-helper.h',
        'helper/rng-flags.h',
        'model/config/ios-acl.h',
        'model/config/ios-config-common.h',
        'model/config/ios-config.h',
        'model/cpu/cpu-cost-profile.h',
        'model/cpu/cpu-model.h',
        'model/crypto/aead.h',
        'model/crypto/cipher.h',
        'model/crypto/crypto-buffers.h',
        'model/crypto/crypto-registry.h',
        'model/crypto/crypto-types.h',
        'model/crypto/crypto-work.h',
        'model/crypto/dh-group.h',
        'model/crypto/digest.h',
        'model/crypto/integrity.h',
        'model/crypto/openssl-handles.h',
        'model/crypto/openssl-providers.h',
        'model/ike/ike-agent.h',
        'model/ike/ike-sa.h',
        'model/ike/ikev1-crypto.h',
        'model/ipsec/anti-replay-window.h',
        'model/ipsec/deadline-queue.h',
        'model/ipsec/esp-sa-export.h',
        'model/ipsec/ipsec-l4-protocol.h',
        'model/ipsec/ipsec-routing-protocol.h',
        'model/ipsec/ipsec-stack.h',
        'model/ipsec/ipsec-types.h',
        'model/ipsec/sa-lifetime.h',
        'model/ipsec/security-association-database.h',
        'model/ipsec/security-association.h',
        'model/ipsec/security-policy-database.h',
        'model/ipsec/udp-port.h',
        'model/nat/nat-box.h',
        'model/nat/nat-l4-bytes.h',
        'model/nat/nat-mapping-table.h',
        'model/nat/nat-port-allocator.h',
        'model/nat/nat-types.h',
        'model/nat/own-address-set.h',
        'model/scenario/remote-access-traffic.h',
        'model/wire/ah-codec.h',
        'model/wire/esp-codec.h',
        'model/wire/internet-checksum.h',
        'model/wire/isakmp-constants.h',
        'model/wire/isakmp-field-codec.h',
        'model/wire/isakmp-header.h',
        'model/wire/isakmp-message.h',
        'model/wire/isakmp-parse-result.h',
        'model/wire/isakmp-payloads.h',
        'model/wire/isakmp-sa-payload.h',
        'model/wire/udp-encapsulation.h',
    ]

    examples = [
        'esp-manual-nat',
        'ipsec-nat-ios-config',
        'ipsec-nat-live',
        'ipsec-nat-remote-access',
        'ipsec-nat-site-to-site',
        'nat-mapping-timeout',
    ]
    if bld.env.ENABLE_EXAMPLES:
        for name in examples:
            obj = bld.create_ns3_program(
                name, ['ipsec-nat', 'internet', 'point-to-point', 'csma',
                       'applications', 'flow-monitor']
                + (['fd-net-device'] if name == 'ipsec-nat-live' else []))
            obj.source = 'examples/%s.cc' % name
