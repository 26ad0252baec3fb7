using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>The loops of an 837P transaction a pricer needs; every other segment is passed over on purpose.</summary>
public sealed partial class ProfessionalClaimReader
{
    /// <summary>Whose segments N3, N4, REF, PRV and DMG are: the last NM1 (or HL) read.</summary>
    private enum Entity
    {
        None,
        Billing,
        Subscriber,
        Patient,
        ClaimLevel,
        Rendering,
        Facility,
        Line,
        Other,
    }

    private Entity _entity;
    private int _hlLevel; // 20, 22, 23 or 0
    private X12Party _billing = new(), _subscriber = new(), _patient = new();
    private X12Party? _rendering, _facility;
    private string _filing = "";
    private ClaimBuilder? _claim;
    private LineBuilder? _line;

    private sealed class ClaimBuilder
    {
        public string Id = "";
        public decimal Charge;
        public PlaceOfService Pos;
        public string Frequency = "1";
        public string Assignment = "";
        public DateOnly? Assumed, Relinquished;
        public readonly List<string> Diagnoses = [];
        public readonly List<X12Reference> References = [];
        public readonly List<ProfessionalServiceLine> Lines = [];
    }

    private sealed class LineBuilder
    {
        public int Number;
        public bool HasService;
        public ClaimLine Line;
        public string Basis = "UN";
        public int Quantity;
        public DateOnly? From, Through;
        public ImmutableArray<int> Pointers = [];
        public string Control = "";
    }

    private void ResetLoops()
    {
        _entity = Entity.None;
        _hlLevel = 0;
        _billing = new();
        _subscriber = new();
        _patient = new();
        _rendering = null;
        _facility = null;
        _filing = "";
        _claim = null;
        _line = null;
    }

    private void Body(in Segment s)
    {
        switch (s.Id)
        {
            case "HL":
                Hl(s);
                break;
            case "NM1":
                Nm1(s);
                break;
            case "N3":
                string address = s[1].ToString();
                Party(p => p with { Address = address });
                break;
            case "N4":
                N4(s);
                break;
            case "PRV":
                Prv(s);
                break;
            case "REF":
                Ref(s);
                break;
            case "SBR":
                if (_hlLevel == 22)
                {
                    _filing = s[9].ToString();
                }

                break;
            case "DMG":
                Dmg(s);
                break;
            case "CLM":
                Clm(s);
                break;
            case "DTP":
                Dtp(s);
                break;
            case "HI":
                Hi(s);
                break;
            case "LX":
                Lx(s);
                break;
            case "SV1":
                Sv1(s);
                break;
        }
    }

    private void Hl(in Segment s)
    {
        if (!FinishClaim("HL", s.Text))
        {
            return;
        }

        switch (s[3])
        {
            case "20":
                _hlLevel = 20;
                _entity = Entity.Billing;
                _billing = new();
                _subscriber = new();
                _patient = new();
                break;
            case "22":
                if (_hlLevel == 0)
                {
                    Fail("HL", "HL03", s[3], "HL*20 (the billing provider) before the subscriber's HL*22");
                    return;
                }

                _hlLevel = 22;
                _entity = Entity.Subscriber;
                _subscriber = new();
                _patient = new();
                _filing = "";
                break;
            case "23":
                if (_hlLevel is not (22 or 23))
                {
                    Fail("HL", "HL03", s[3], "HL*22 (the subscriber) before the patient's HL*23");
                    return;
                }

                _hlLevel = 23;
                _entity = Entity.Patient;
                _patient = new();
                break;
            default:
                Fail("HL", "HL03", s[3], "20 (billing provider), 22 (subscriber) or 23 (patient)");
                break;
        }
    }

    private void Nm1(in Segment s)
    {
        var id = s[1];
        var party = new X12Party { Name = s[3].ToString(), FirstName = s[4].ToString(), IdQualifier = s[8].ToString(), Id = s[9].ToString() };
        if (_line is not null)
        {
            _entity = Entity.Other; // 2420A-H: line-level providers are not priced apart
            return;
        }

        switch (id)
        {
            case "85":
                _entity = Entity.Billing;
                _billing = party with { Taxonomy = _billing.Taxonomy };
                break;
            case "IL":
                _entity = Entity.Subscriber;
                _subscriber = party;
                break;
            case "QC":
                _entity = Entity.Patient;
                _patient = party;
                break;
            case "82" when _claim is not null:
                _entity = Entity.Rendering;
                _rendering = party;
                break;
            case "77" when _claim is not null:
                _entity = Entity.Facility;
                _facility = party;
                break;
            default:
                _entity = Entity.Other;
                break;
        }
    }

    private void N4(in Segment s)
    {
        var zip = s[3];
        if (_entity is Entity.Billing or Entity.Facility && !(zip.Length is 5 or 9 && zip.ContainsAnyExceptInRange('0', '9') == false))
        {
            Fail("N4", "N403", zip, "a ZIP code of 5 or 9 digits (the locality is found by it)");
            return;
        }

        if (_entity is Entity.Subscriber && zip.Length > 0 && !(zip.Length is 5 or 9 && zip.ContainsAnyExceptInRange('0', '9') == false))
        {
            Fail("N4", "N403", zip, "the subscriber's ZIP code of 5 or 9 digits (loop 2010BA: the beneficiary's, by which DMEPOS items are priced)");
            return;
        }

        string city = s[1].ToString(), state = s[2].ToString(), zipText = zip.ToString();
        Party(p => p with { City = city, State = state, Zip = zipText });
    }

    private void Prv(in Segment s)
    {
        string taxonomy = s[3].ToString();
        if (_entity == Entity.Billing || (_entity == Entity.None && _hlLevel == 20))
        {
            _billing = _billing with { Taxonomy = taxonomy };
        }
        else if (_entity == Entity.Rendering)
        {
            _rendering = _rendering! with { Taxonomy = taxonomy };
        }
    }

    private void Ref(in Segment s)
    {
        var qualifier = s[1];
        switch (_entity)
        {
            case Entity.Line when qualifier.SequenceEqual("6R"):
                _line!.Control = s[2].ToString();
                break;
            case Entity.ClaimLevel:
                _claim!.References.Add(new X12Reference(qualifier.ToString(), s[2].ToString()));
                break;
            case Entity.Billing when qualifier.SequenceEqual("EI"):
                _billing = _billing with { TaxId = s[2].ToString() };
                break;
        }
    }

    private void Dmg(in Segment s)
    {
        if (_entity is not (Entity.Subscriber or Entity.Patient))
        {
            return;
        }

        if (!s[1].SequenceEqual("D8") || !Date(s[2], out var birth))
        {
            Fail("DMG", "DMG02", s[2], "a birth date written CCYYMMDD (DMG01 D8)");
            return;
        }

        string sex = s[3].ToString();
        Party(p => p with { BirthDate = birth, Sex = sex });
    }

    private void Party(Func<X12Party, X12Party> change)
    {
        switch (_entity)
        {
            case Entity.Billing:
                _billing = change(_billing);
                break;
            case Entity.Subscriber:
                _subscriber = change(_subscriber);
                break;
            case Entity.Patient:
                _patient = change(_patient);
                break;
            case Entity.Rendering:
                _rendering = change(_rendering!);
                break;
            case Entity.Facility:
                _facility = change(_facility!);
                break;
        }
    }

    /// <summary>The places of service 01-99, parsed once.</summary>
    private static readonly PlaceOfService[] Places = [.. Enumerable.Range(0, 100).Select(n => n == 0 ? default : PlaceOfService.Parse(n.ToString("D2", CultureInfo.InvariantCulture)))];

    /// <summary>A place of service of two digits, 01 to 99.</summary>
    internal static bool Pos(ReadOnlySpan<char> text, out PlaceOfService pos)
    {
        pos = default;
        if (text.Length != 2 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || (text[0] == '0' && text[1] == '0'))
        {
            return false;
        }

        pos = Places[((text[0] - '0') * 10) + (text[1] - '0')];
        return true;
    }

    private static bool Amount(ReadOnlySpan<char> text, out decimal amount)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount <= 99_999_999.99m && !text.IsEmpty;

    private static bool Date(ReadOnlySpan<char> text, out DateOnly date)
        => DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && text.Length == 8;
}
