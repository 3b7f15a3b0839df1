namespace FraudActors.Runtime;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain;

/// <summary>A grain identified by a string key (a customer id, a terminal id, a singleton's fixed name).</summary>
public interface IGrainWithStringKey : IGrain;
