"""Province scale, ``bids``: tenders of five bidders; the companies sharing an address and
a phone bid together sometimes (R06)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiandu.devtools.synth.province.base import Province, _money, _Out


def generate(p: Province) -> None:
    rng, n, out_dir, paths, n_co, co_uscc, co_names, co_phone, addresses, a_idx, n_shared = (
        p.rng,
        p.n,
        p.out_dir,
        p.paths,
        p.n_co,
        p.co_uscc,
        p.co_names,
        p.co_phone,
        p.addresses,
        p.a_idx,
        p.n_shared,
    )
    # bids: tenders of 5 bidders; the companies sharing address/phone bid together sometimes
    n_bids = n["bids"]
    per = 5
    n_t = max(1, n_bids // per)
    bid_co = rng.integers(0, n_co, n_t * per)
    pairs = min(n_t, n_shared)
    bid_co[np.arange(pairs) * per] = a_idx[:pairs]
    bid_co[np.arange(pairs) * per + 1] = a_idx[n_shared : n_shared + pairs]
    tender = np.repeat(np.arange(n_t), per)
    out = _Out(out_dir, "bids")
    out.write(
        {
            "tender_id": pc.binary_join_element_wise(
                pa.scalar("ZB"), pa.array(tender).cast(pa.string()), ""
            ),
            "bidder_uscc": co_uscc.take(pa.array(bid_co)),
            "bidder_name": co_names.take(pa.array(bid_co)),
            "bid_amount": _money(np.round(rng.uniform(1e5, 5e6, n_t * per), 2)),
            "address": addresses.take(pa.array(bid_co)),
            "phone": pa.array(co_phone[bid_co]).cast(pa.string()),
        }
    )
    paths["bids"] = out.close()
