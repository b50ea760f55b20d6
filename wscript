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
         'applications', 'flow-monitor', 'stats'])
    module.use.append('OPENSSL')
    module.source = [
        'helper/nat-helper.cc',
        'model/nat/nat-box.cc',
        'model/nat/nat-l4-bytes.cc',
        'model/nat/nat-mapping-table.cc',
        'model/nat/nat-port-allocator.cc',
        'model/nat/nat-types.cc',
        'model/wire/internet-checksum.cc',
    ]

    headers = bld(features='ns3header')
    headers.module = 'ipsec-nat'
    headers.source = [
        'helper/nat-helper.h',
        'model/nat/nat-box.h',
        'model/nat/nat-l4-bytes.h',
        'model/nat/nat-mapping-table.h',
        'model/nat/nat-port-allocator.h',
        'model/nat/nat-types.h',
        'model/wire/internet-checksum.h',
    ]

    examples = [
        'nat-mapping-timeout',
    ]
    if bld.env.ENABLE_EXAMPLES:
        for name in examples:
            obj = bld.create_ns3_program(
                name, ['ipsec-nat', 'internet', 'point-to-point', 'csma',
                       'applications', 'flow-monitor'])
            obj.source = 'examples/%s.cc' % name
