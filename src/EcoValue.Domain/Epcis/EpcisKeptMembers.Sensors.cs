using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>Sensor data (EPCIS 2.0 sensorElementList) and the typed values it and the error declaration hold.</summary>
internal static partial class EpcisKeptMembers
{
    private enum ValueRule
    {
        Time,
        Uri,
        Number,
        String,
        Boolean,
        HexBinary,
        MeasurementType,
        AlertType,
        Component,
    }

    private static readonly FrozenDictionary<string, ValueRule> SensorMetadata = new Dictionary<string, ValueRule>
    {
        ["time"] = ValueRule.Time,
        ["deviceID"] = ValueRule.Uri,
        ["deviceMetadata"] = ValueRule.Uri,
        ["rawData"] = ValueRule.Uri,
        ["startTime"] = ValueRule.Time,
        ["endTime"] = ValueRule.Time,
        ["dataProcessingMethod"] = ValueRule.Uri,
        ["bizRules"] = ValueRule.Uri,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ValueRule> SensorReport = new Dictionary<string, ValueRule>
    {
        ["type"] = ValueRule.MeasurementType,
        ["exception"] = ValueRule.AlertType,
        ["deviceID"] = ValueRule.Uri,
        ["deviceMetadata"] = ValueRule.Uri,
        ["rawData"] = ValueRule.Uri,
        ["dataProcessingMethod"] = ValueRule.Uri,
        ["bizRules"] = ValueRule.Uri,
        ["time"] = ValueRule.Time,
        ["microorganism"] = ValueRule.Uri,
        ["chemicalSubstance"] = ValueRule.Uri,
        ["coordinateReferenceSystem"] = ValueRule.Uri,
        ["value"] = ValueRule.Number,
        ["component"] = ValueRule.Component,
        ["stringValue"] = ValueRule.String,
        ["booleanValue"] = ValueRule.Boolean,
        ["hexBinaryValue"] = ValueRule.HexBinary,
        ["uriValue"] = ValueRule.Uri,
        ["minValue"] = ValueRule.Number,
        ["maxValue"] = ValueRule.Number,
        ["meanValue"] = ValueRule.Number,
        ["sDev"] = ValueRule.Number,
        ["percRank"] = ValueRule.Number,
        ["percValue"] = ValueRule.Number,
        ["uom"] = ValueRule.String,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // EPCIS-JSON-Schema.json definitions/measurementType, sensorAlertType, component, bizTransaction-type,
    // source-dest-type and error-reason.
    private static readonly FrozenSet<string> MeasurementTypes = FrozenSet.ToFrozenSet(
    [
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude", "AmountOfSubstance",
        "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
        "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
        "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force",
        "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance",
        "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
        "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass",
        "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity",
        "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature", "Time", "Torque", "Voltage",
        "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux", "Wavenumber",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> AlertTypes = FrozenSet.ToFrozenSet(["ALARM_CONDITION", "ERROR_CONDITION"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Components = FrozenSet.ToFrozenSet(
    [
        "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle", "easting",
        "northing", "latitude", "longitude", "altitude",
    ], StringComparer.Ordinal);

    public static string? SensorElementList(JsonElement value, string path, int depth, int maxDepth, ErrorSink errors)
    {
        var before = errors.Total;
        if (!IsArray(value, path, errors))
        {
            return null;
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var ep = Index(path, i++);
            if (!IsObject(element, ep, errors))
            {
                continue;
            }

            var hasReport = false;
            foreach (var p in element.EnumerateObject())
            {
                var name = Name(p, ep, errors);
                switch (name)
                {
                    case null:
                        break;
                    case "sensorMetadata":
                        if (IsObject(p.Value, Member(ep, name), errors))
                        {
                            CheckMembers(p.Value, Member(ep, name), SensorMetadata, errors);
                        }

                        break;
                    case "sensorReport":
                        hasReport = true;
                        SensorReports(p.Value, Member(ep, name), errors);
                        break;
                    default:
                        ExtensionName(name, Member(ep, name), errors);
                        break;
                }
            }

            if (!hasReport)
            {
                errors.Add(EpcisErrors.Missing(Member(ep, "sensorReport"), "epcis.sensor_report.missing"));
            }
        }

        return errors.Total == before ? Compact(value, path, depth, maxDepth, errors) : null;
    }

    private static void SensorReports(JsonElement value, string path, ErrorSink errors)
    {
        if (!IsArray(value, path, errors))
        {
            return;
        }

        var i = 0;
        foreach (var report in value.EnumerateArray())
        {
            var rp = Index(path, i++);
            if (IsObject(report, rp, errors))
            {
                CheckMembers(report, rp, SensorReport, errors);
                if (!report.TryGetProperty("type", out _))
                {
                    errors.Add(EpcisErrors.Missing(Member(rp, "type"), "epcis.value.missing"));
                }
            }
        }

        if (i == 0)
        {
            errors.Add(EpcisErrors.Value(path, "needs at least one sensor report", "至少须有一条传感器报告"));
        }
    }

    private static void CheckMembers(JsonElement obj, string path, FrozenDictionary<string, ValueRule> rules, ErrorSink errors)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = Name(p, path, errors);
            if (name is null)
            {
                continue;
            }

            if (rules.TryGetValue(name, out var rule))
            {
                Check(p.Value, Member(path, name), rule, errors);
            }
            else
            {
                ExtensionName(name, Member(path, name), errors);
            }
        }
    }

    private static void Check(JsonElement value, string path, ValueRule rule, ErrorSink errors)
    {
        switch (rule)
        {
            case ValueRule.Number:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
                {
                    errors.Add(EpcisErrors.Value(path, "must be a finite number", "必须为有限数值"));
                }

                return;
            case ValueRule.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(EpcisErrors.Value(path, "must be true or false", "必须为 true 或 false"));
                }

                return;
        }

        var s = String(value, path, errors);
        if (s is null)
        {
            return;
        }

        var ok = rule switch
        {
            ValueRule.Time => EpcisTime.TryParse(s, out _),
            ValueRule.Uri => EpcisUri.IsValid(s),
            ValueRule.HexBinary => s.Length > 0 && s.All(char.IsAsciiHexDigit),
            ValueRule.MeasurementType => MeasurementTypes.Contains(s) || IsNonGs1WebVocUri(s),
            ValueRule.AlertType => AlertTypes.Contains(s) || IsNonGs1WebVocUri(s),
            ValueRule.Component => Components.Contains(s) || IsOtherUri(s),
            _ => true,
        };
        if (!ok)
        {
            errors.Add(rule switch
            {
                ValueRule.Time => EpcisErrors.Time(path, "epcis.time.invalid"),
                ValueRule.Uri => EpcisErrors.NotUri(path),
                ValueRule.MeasurementType => EpcisErrors.Vocabulary(path, "measurement type", "测量类型"),
                ValueRule.AlertType => EpcisErrors.Vocabulary(path, "sensor alert type", "传感器告警类型"),
                ValueRule.Component => EpcisErrors.Vocabulary(path, "component", "分量"),
                _ => EpcisErrors.Value(path, "must be hexadecimal digits", "必须为十六进制数字"),
            });
        }
    }

    // definitions/vocab-nonGS1WebVoc-uri: a URI not in the GS1 Web Vocabulary namespace.
    private static bool IsNonGs1WebVocUri(string s) =>
        EpcisUri.IsValid(s)
        && !s.StartsWith("http://gs1.org/voc/", StringComparison.Ordinal) && !s.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal)
        && !s.StartsWith("http://www.gs1.org/voc/", StringComparison.Ordinal) && !s.StartsWith("https://www.gs1.org/voc/", StringComparison.Ordinal);
}
