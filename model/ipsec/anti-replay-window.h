/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef IPSEC_NAT_ANTI_REPLAY_WINDOW_H
#define IPSEC_NAT_ANTI_REPLAY_WINDOW_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup ipsec-nat
 * The receiver's anti-replay window of one inbound SA (RFC 4303 section
 * 3.4.3; the "Anti-Replay Window" field of the SAD entry, RFC 4301 section
 * 4.4.2.1), for 32-bit sequence numbers (no Extended Sequence Numbers).
 *
 * The right edge of the window is the highest sequence number accepted so
 * far (GetHighest(), 0 before the first packet); the window covers the
 * GetSize() numbers [highest - size + 1, highest]. A number right of the
 * window is new, a number inside it is new unless its bit is set, a number
 * left of it is too old to tell and is rejected.
 *
 * Receive processing, section 3.4.3: Check() the sequence number, verify the
 * ICV, and only when the ICV is good Update() the window, so a forged packet
 * can never move the window. Check() does not change the state.
 *
 * Window size: section 3.4.3 requires at least 32 with 32-bit sequence
 * numbers and recommends 64 as the default. Here the size is a multiple of
 * 32 from 32 to 4096 (kMinSize, kSizeStep, kMaxSize); Create() refuses any
 * other value.
 *
 * The bitmap is a ring of 64-bit words indexed by the sequence number itself
 * (RFC 6479, "IPsec Anti-Replay Algorithm without Bit Shifting"): sliding the
 * window clears the words it leaves behind instead of shifting the whole
 * bitmap, so Update() costs O(1) for in-order traffic whatever the size, and
 * at most one pass over the words for a big jump.
 */
class AntiReplayWindow
{
public:
    /// Outcome of checking a received sequence number.
    enum class Verdict
    {
        OK,      //!< new: right of the window, or inside it and not yet seen
        REPLAY,  //!< inside the window and already accepted (a duplicate)
        TOO_OLD, //!< left of the window: cannot be told from a replay, rejected
        ZERO,    //!< sequence number 0, never sent (the first packet carries 1, section 3.3.3)
    };

    static constexpr uint32_t kMinSize = 32;     //!< smallest window (RFC 4303 section 3.4.3 MUST)
    static constexpr uint32_t kDefaultSize = 64; //!< the recommended default (section 3.4.3 SHOULD)
    static constexpr uint32_t kMaxSize = 4096;   //!< largest window accepted here
    static constexpr uint32_t kSizeStep = 32;    //!< sizes are multiples of this

    /**
     * A window of \p size sequence numbers, nothing received yet.
     * \param size a size IsValidSize() accepts; any other value aborts the
     *        program (use Create() for a size that comes from configuration)
     */
    explicit AntiReplayWindow(uint32_t size = kDefaultSize);

    /**
     * \param size the window size in packets
     * \return a window of that size, or nothing unless \p size is a multiple
     *         of 32 from 32 to 4096
     */
    static std::optional<AntiReplayWindow> Create(uint32_t size);

    /** \return true when \p size is a multiple of 32 from 32 to 4096. */
    static bool IsValidSize(uint32_t size);

    /**
     * Check a received sequence number without recording it.
     * \param seq the Sequence Number field of the received packet
     * \return OK when the packet may go on to ICV verification
     */
    Verdict Check(uint32_t seq) const;

    /**
     * Record a sequence number whose packet passed ICV verification: slide
     * the window right when \p seq is above the highest number, and mark
     * \p seq as seen. Does nothing unless Check(\p seq) is OK, so calling it
     * twice, or for a refused number, cannot corrupt the window.
     * \param seq the sequence number of the verified packet
     */
    void Update(uint32_t seq);

    /** \return the highest sequence number accepted so far (the right edge), 0 if none. */
    uint32_t GetHighest() const;

    /** \return the window size in packets. */
    uint32_t GetSize() const;

private:
    /** \return the bitmap word that holds \p seq's bit. */
    std::size_t WordIndex(uint32_t seq) const;

    uint32_t m_size;               //!< window size in packets
    uint32_t m_highest{0};         //!< right edge: highest accepted sequence number
    std::vector<uint64_t> m_words; //!< ring of bitmap words, bit (seq % 64) of word (seq / 64)
};

/** \return "ok", "replay", "too-old" or "zero". */
std::string ToString(AntiReplayWindow::Verdict verdict);

} // namespace ns3

#endif /* IPSEC_NAT_ANTI_REPLAY_WINDOW_H */
