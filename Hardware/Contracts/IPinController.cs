namespace EspWs.Hardware;

/// <summary>Something that owns pins and opens ports on them, as Meadow's <c>IPinController</c>; the kinds of port it opens are the controller interfaces it also implements.</summary>
public interface IPinController
{
}
