"""Importing datasets through the service and the page: automatic header mapping,
normalisation, rejected rows (stored and downloadable), versions, duplicates, an
explicit mapping file, and who may import."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.crosscheck import services
from jiandu.crosscheck.models import DatasetImport, DatasetVersion
from jiandu.crosscheck.tests.conftest import BAD_ID, PAYMENT_HEADERS, payment_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST through the client, then run what was queued on commit (the background
    import task, immediate in the tests) as the worker would."""

    def do(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return do


def _import(county, path, dataset_type="payments", **kw):
    return services.dataset_import(
        actor=county.users["case_management"],
        dataset_type=dataset_type,
        source=path,
        original_name=path.name,
        **kw,
    )


def test_import_maps_chinese_headers_and_rejects_bad_rows(county, write_csv, storage):
    path = write_csv(PAYMENT_HEADERS, payment_rows(county))
    version = _import(county, path)
    assert (version.version, version.rows_total, version.rows_accepted) == (1, 6, 5)
    assert version.rows_rejected == 1
    assert version.header_mapping["payee_citizen_id"] == "身份证号"
    assert version.header_mapping["amount"] == "发放金额"
    [rejection] = version.rejections
    assert rejection["row"] == 6 and rejection["column"] == "身份证号"
    assert rejection["value"] == BAD_ID and "校验" in rejection["reason"]
    assert (storage / version.parquet_path).exists()
    assert (storage / version.rejections_path).exists()
    event = Event.objects.get(action="crosscheck.dataset.import")
    assert event.payload["rejected"] == 1 and event.payload["sha256"] == version.source_sha256


def test_values_are_normalised(county, write_csv):
    """Full-width digits, spaces, Chinese dates and a 15-digit ID upgraded to 18."""
    import pyarrow.parquet as pq

    from jiandu.core.testing import make_citizen_id

    full = make_citizen_id(401, born=__import__("datetime").date(1965, 4, 3))
    legacy = full[:6] + full[8:17]  # the same person's 15-digit number
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in full)
    rows = [
        ["王 五", wide, "低保", "１,２００.５０", "2025年3月5日", "东镇"],
        ["钱七", legacy, "低保", "300", "20250305", "东镇"],
    ]
    version = _import(county, write_csv(PAYMENT_HEADERS, rows))
    assert version.rows_accepted == 2, version.rejections
    table = pq.read_table(services.dataset_path(version)).to_pylist()
    assert table[0]["payee_citizen_id"] == full and table[0]["payee_name"] == "王五"
    assert str(table[0]["amount"]) == "1200.50"
    assert table[1]["payee_citizen_id"] == full  # upgraded: same check digit as the 18-digit
    assert table[1]["paid_on"].isoformat() == "2025-03-05"


def test_same_file_twice_is_refused_new_content_is_version_2(county, write_csv):
    path = write_csv(PAYMENT_HEADERS, payment_rows(county))
    _import(county, path)
    with pytest.raises(DomainError, match=r"已于.*导入为补贴/救助发放第1版"):
        _import(county, path)
    rows = payment_rows(county)[:2]
    second = _import(county, write_csv(PAYMENT_HEADERS, rows))
    assert second.version == 2 and second.rows_rejected == 0 and not second.rejections_path


def test_unmappable_headers_need_a_mapping_file(county, write_csv, tmp_path):
    headers = ["PAYEE", "IDNO", "ITEM", "MONEY", "DAY", "ORG"]
    path = write_csv(headers, payment_rows(county)[:2])
    with pytest.raises(DomainError) as exc:
        _import(county, path)
    assert "身份证" in exc.value.message or "领取人" in exc.value.message
    mapping = dict(
        zip(
            ["payee_name", "payee_citizen_id", "program", "amount", "paid_on", "payer_unit"],
            headers,
            strict=True,
        )
    )
    version = _import(county, path, mapping=mapping)
    assert version.rows_accepted == 2 and version.header_mapping["amount"] == "MONEY"


def test_a_file_with_no_valid_row_is_not_imported(county, write_csv):
    path = write_csv(PAYMENT_HEADERS, [["赵六", BAD_ID, "低保", "1", "2025-01-01", "东镇"]])
    with pytest.raises(services.ImportRejected) as exc:
        _import(county, path)
    assert exc.value.rejections[0]["row"] == 2
    assert not DatasetVersion.objects.exists()


def test_unknown_or_internal_type_is_refused(county, write_csv):
    path = write_csv(PAYMENT_HEADERS, payment_rows(county))
    for dataset_type in ("salaries", "officials"):
        with pytest.raises(DomainError, match="数据类型不存在"):
            _import(county, path, dataset_type=dataset_type)


@pytest.mark.parametrize("role", ["leader", "resident_team", "petition"])
def test_only_case_management_imports(county, write_csv, role):
    path = write_csv(PAYMENT_HEADERS, payment_rows(county))
    with pytest.raises(PermissionDenied):
        services.dataset_import(actor=county.users[role], dataset_type="payments", source=path)


# --- through the page ------------------------------------------------------------------------


def _upload(post, client, county, name="payments.csv", rows=None, mapping=None):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(PAYMENT_HEADERS)
    writer.writerows(rows if rows is not None else payment_rows(county))
    data = {
        "dataset_type": "payments",
        "file": SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), "text/csv"),
    }
    if mapping is not None:
        data["mapping"] = SimpleUploadedFile(
            "m.json", json.dumps(mapping).encode(), "application/json"
        )
    return post(client, reverse("crosscheck:dataset_list"), data)


def test_upload_page_shows_the_rejected_rows_report(client_for, county, post):
    client = client_for(county.users["case_management"])
    response = _upload(post, client, county)
    version = DatasetVersion.objects.get()
    job = DatasetImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("crosscheck:import_detail", args=(job.pk,))
    assert (job.status, job.version, job.rows_read) == ("succeeded", version, 6)
    page = client.get(response.url).content.decode()
    assert "已导入补贴/救助发放第1版：5行；1行未通过校验" in page
    detail = reverse("crosscheck:dataset_detail", args=(version.pk,))
    assert detail in page
    page = client.get(detail).content.decode()
    assert 'data-testid="rejections"' in page and BAD_ID in page and "第" in page
    download = client.get(reverse("crosscheck:dataset_rejections", args=(version.pk,)))
    assert download.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "值", "原因"]
    assert sheet.cell(row=2, column=1).value == 6 and sheet.cell(row=2, column=3).value == BAD_ID


def test_upload_page_reports_a_refused_file(client_for, county, post):
    client = client_for(county.users["case_management"])
    _upload(post, client, county)
    response = _upload(post, client, county)  # the same content again
    assert response.status_code == 302
    assert "无需重复导入" in client.get(response.url).content.decode()
    rows = [["赵六", BAD_ID, "低保", "1", "2025-01-01", "东镇"]]
    response = _upload(post, client, county, rows=rows)
    html = client.get(response.url).content.decode()
    assert "全部未通过校验" in html and 'data-testid="import-rejected"' in html


def test_upload_with_a_mapping_file(client_for, county, post):
    import csv
    import io

    client = client_for(county.users["case_management"])
    headers = ["PAYEE", "IDNO", "ITEM", "MONEY", "DAY", "ORG"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *payment_rows(county)[:2]])
    mapping = dict(
        zip(
            ["payee_name", "payee_citizen_id", "program", "amount", "paid_on", "payer_unit"],
            headers,
            strict=True,
        )
    )
    response = post(
        client,
        reverse("crosscheck:dataset_list"),
        {
            "dataset_type": "payments",
            "file": SimpleUploadedFile("x.csv", buffer.getvalue().encode(), "text/csv"),
            "mapping": SimpleUploadedFile(
                "m.json", json.dumps(mapping).encode(), "application/json"
            ),
        },
    )
    assert response.status_code == 302
    assert DatasetVersion.objects.get().header_mapping["payee_name"] == "PAYEE"


def test_wrong_file_type_is_refused_by_the_form(client_for, county):
    client = client_for(county.users["case_management"])
    response = client.post(
        reverse("crosscheck:dataset_list"),
        {
            "dataset_type": "payments",
            "file": SimpleUploadedFile("x.pdf", b"%PDF", "application/pdf"),
        },
    )
    assert response.status_code == 200 and "文件格式应为" in response.content.decode()
    assert not DatasetVersion.objects.exists()


def test_xlsx_upload(client_for, county, post):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["死亡人员登记表"])  # a title line above the header
    sheet.append(["姓名", "公民身份号码", "死亡日期"])
    sheet.append(["孙秀英", payment_rows(county)[2][1], "2025.5.1"])
    buffer = BytesIO()
    book.save(buffer)
    client = client_for(county.users["case_management"])
    response = post(
        client,
        reverse("crosscheck:dataset_list"),
        {
            "dataset_type": "deaths",
            "file": SimpleUploadedFile("deaths.xlsx", buffer.getvalue()),
        },
    )
    assert response.status_code == 302
    version = DatasetVersion.objects.get()
    assert (version.dataset_type, version.rows_accepted, version.rows_rejected) == ("deaths", 1, 0)
