using System.Globalization;
using System.Text;

namespace EcoValue.Ethereum.Abi;

/// <summary>
/// Where the encoder or decoder is inside a value (argument, array index, tuple field), kept as a stack of
/// (kind, index) pairs so that walking a large value allocates nothing; it becomes text only when an error
/// names the failing element, e.g. "arg 2[3].field 1".
/// </summary>
internal sealed class AbiPath
{
    private readonly List<(Segment Kind, int Index)> _segments = [];

    public enum Segment
    {
        Argument,
        Index,
        Field,
    }

    public void Push(Segment kind, int index) => _segments.Add((kind, index));

    public void PushArgument(int index) => Push(Segment.Argument, index);

    public void PushIndex(int index) => Push(Segment.Index, index);

    public void PushField(int index) => Push(Segment.Field, index);

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (kind, index) in _segments)
        {
            var number = index.ToString(CultureInfo.InvariantCulture);
            _ = kind switch
            {
                Segment.Argument => sb.Append(sb.Length == 0 ? "arg " : " arg ").Append(number),
                Segment.Index => sb.Append('[').Append(number).Append(']'),
                _ => sb.Append(".field ").Append(number),
            };
        }

        return sb.ToString();
    }

    public AbiException Error(string message) =>
        _segments.Count == 0 ? new AbiException(message) : new AbiException($"{this}: {message}");
}
