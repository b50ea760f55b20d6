/*
 * ipsec-nat: IPsec and NAT models for ns-3.
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "anti-replay-window.h"

#include "ns3/abort.h"

namespace ns3
{

namespace
{
constexpr uint32_t kWordBits = 64;
constexpr uint32_t kWordShift = 6; // log2(kWordBits)

/**
 * Words in the ring for a window of \p size numbers: enough for every block
 * of 64 numbers a window can touch (it may straddle one block boundary more
 * than size / 64 suggests), so sliding never clears a word still in use.
 */
std::size_t
RingWords(uint32_t size)
{
    return (size + kWordBits - 1) / kWordBits + 1;
}
} // namespace

AntiReplayWindow::AntiReplayWindow(uint32_t size)
    : m_size(size)
{
    NS_ABORT_MSG_UNLESS(IsValidSize(size), "AntiReplayWindow: size "
                                               << size << " is not a multiple of " << kSizeStep
                                               << " from " << kMinSize << " to " << kMaxSize);
    m_words.assign(RingWords(size), 0);
}

std::optional<AntiReplayWindow>
AntiReplayWindow::Create(uint32_t size)
{
    if (!IsValidSize(size))
    {
        return std::nullopt;
    }
    return AntiReplayWindow(size);
}

bool
AntiReplayWindow::IsValidSize(uint32_t size)
{
    return size >= kMinSize && size <= kMaxSize && size % kSizeStep == 0;
}

std::size_t
AntiReplayWindow::WordIndex(uint32_t seq) const
{
    return (seq >> kWordShift) % m_words.size();
}

AntiReplayWindow::Verdict
AntiReplayWindow::Check(uint32_t seq) const
{
    if (seq == 0)
    {
        // RFC 4303 section 3.3.3: the sender's counter starts at 0 and is
        // incremented before use, so the first packet carries 1.
        return Verdict::ZERO;
    }
    if (seq > m_highest)
    {
        return Verdict::OK; // right of the window: new
    }
    if (m_highest - seq >= m_size)
    {
        return Verdict::TOO_OLD; // left of the window
    }
    uint64_t bit = uint64_t{1} << (seq % kWordBits);
    return (m_words[WordIndex(seq)] & bit) != 0 ? Verdict::REPLAY : Verdict::OK;
}

void
AntiReplayWindow::Update(uint32_t seq)
{
    if (Check(seq) != Verdict::OK)
    {
        return;
    }
    if (seq > m_highest)
    {
        // Slide right: clear the words of the blocks the right edge enters.
        // A jump of a whole ring or more leaves nothing of the old window.
        uint32_t oldBlock = m_highest >> kWordShift;
        uint32_t newBlock = seq >> kWordShift;
        uint32_t entered = newBlock - oldBlock;
        if (entered >= m_words.size())
        {
            m_words.assign(m_words.size(), 0);
        }
        else
        {
            for (uint32_t i = 1; i <= entered; ++i)
            {
                m_words[(oldBlock + i) % m_words.size()] = 0;
            }
        }
        m_highest = seq;
    }
    m_words[WordIndex(seq)] |= uint64_t{1} << (seq % kWordBits);
}

uint32_t
AntiReplayWindow::GetHighest() const
{
    return m_highest;
}

uint32_t
AntiReplayWindow::GetSize() const
{
    return m_size;
}

std::string
ToString(AntiReplayWindow::Verdict verdict)
{
    switch (verdict)
    {
        case AntiReplayWindow::Verdict::OK:
            return "ok";
        case AntiReplayWindow::Verdict::REPLAY:
            return "replay";
        case AntiReplayWindow::Verdict::TOO_OLD:
            return "too-old";
        case AntiReplayWindow::Verdict::ZERO:
            return "zero";
    }
    return "unknown";
}

} // namespace ns3
