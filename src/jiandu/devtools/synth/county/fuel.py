"""The demo county's official vehicles (``vehicles``) and their fuel cards
(``fuel_transactions``): fills on working days at home, under the tank. Planted (R10): a
fill on a holiday, a fill outside the county, two fills in a day above the tank."""

from __future__ import annotations

from datetime import datetime, timedelta

from jiandu.devtools.synth.common import parse_cn, write_csv
from jiandu.devtools.synth.county.base import County, Planted


def generate(c: County) -> None:
    rng, out_dir, start, end, cal, planted = c.rng, c.out_dir, c.start, c.end, c.cal, c.planted
    units = c.units
    # -- vehicles and fuel cards (R10): working days at home, one fill a day under the tank
    work = [
        d
        for d in (start + timedelta(days=i) for i in range((end - start).days))
        if cal.is_working_day(d)
    ]
    rest = [
        d
        for d in (start + timedelta(days=i) for i in range((end - start).days))
        if cal.is_rest_day(d)
    ]
    holiday = [d for d in rest if d in cal.holidays] or rest
    vehicles = [
        [f"浙G{10000 + i}", units[i % len(units)], float(rng.choice([50, 55, 60, 65]))]
        for i in range(25)
    ]
    fuel_rows: list[list] = []
    for v in vehicles:
        for day in sorted(rng.sample(work, 14)):
            liters = round(v[2] * rng.uniform(0.3, 0.8), 2)
            at = datetime.combine(day, datetime.min.time()) + timedelta(
                minutes=rng.randrange(8 * 60, 18 * 60)
            )
            fuel_rows.append(
                [
                    f"YK{v[0][2:]}",
                    v[0],
                    rng.choice(["中石化兰江站", "中石油江滨站", "中石化石桥站"]),
                    "兰江县",
                    liters,
                    f"{liters * 7.9:.2f}",
                    at.strftime("%Y-%m-%d %H:%M"),
                ]
            )
    v1, v2, v3 = vehicles[0], vehicles[1], vehicles[2]
    hday = rng.choice(holiday)
    fuel_rows.append(
        [
            f"YK{v1[0][2:]}",
            v1[0],
            "中石化兰江站",
            "兰江县",
            30.0,
            "237.00",
            f"{hday:%Y-%m-%d} 10:15",
        ]
    )
    planted.append(Planted("R10", [f"YK{v1[0][2:]}", hday, "rest_day"], f"{v1[0]}节假日加油"))
    wday = next(
        d
        for d in work
        if d.weekday() == 2 and d not in {parse_cn(r[6][:10]) for r in fuel_rows if r[1] == v2[0]}
    )
    fuel_rows.append(
        [
            f"YK{v2[0][2:]}",
            v2[0],
            "中石化杭州西站",
            "杭州市",
            40.0,
            "316.00",
            f"{wday:%Y/%m/%d} 15:40",
        ]
    )
    planted.append(Planted("R10", [f"YK{v2[0][2:]}", wday, "outside_area"], f"{v2[0]}异地加油"))
    wday3 = next(
        d
        for d in work
        if d.weekday() == 3 and d not in {parse_cn(r[6][:10]) for r in fuel_rows if r[1] == v3[0]}
    )
    for hour in (9, 16):
        fuel_rows.append(
            [
                f"YK{v3[0][2:]}",
                v3[0],
                "中石化兰江站",
                "兰江县",
                v3[2] * 0.8,
                f"{v3[2] * 0.8 * 7.9:.2f}",
                f"{wday3:%Y-%m-%d} {hour}:05",
            ]
        )
    planted.append(
        Planted("R10", [f"YK{v3[0][2:]}", wday3, "over_tank"], f"{v3[0]}一天加油超过油箱容积")
    )
    c.paths["vehicles"] = write_csv(
        out_dir / "vehicles.csv", ["车牌号", "使用单位", "油箱容积（升）"], vehicles
    )
    c.paths["fuel_transactions"] = write_csv(
        out_dir / "fuel_transactions.csv",
        ["卡号", "车牌号", "加油站", "加油地区", "加油量（升）", "金额", "交易时间"],
        fuel_rows,
    )
