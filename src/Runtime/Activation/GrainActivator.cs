using System.Collections.Concurrent;
using System.Reflection;
using FraudActors.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Activation;

/// <summary>
/// Creates grain instances: constructor parameters come from DI, except <see cref="IPersistentState{TState}"/>
/// parameters marked <see cref="PersistentStateAttribute"/>, which are bound to the activation's grain id.
/// The constructor plan is computed once per grain class.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, IGrainStateSerializer serializer)
{
    private readonly ConcurrentDictionary<Type, ConstructionPlan> _plans = new();

    public (object Grain, IReadOnlyList<IActivationState> States) Create(ActivationData activation)
    {
        var plan = _plans.GetOrAdd(activation.GrainClass.ImplementationType, static type => ConstructionPlan.For(type));
        var arguments = new object?[plan.Parameters.Length];
        var states = new List<IActivationState>();
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = plan.Parameters[i];
            if (parameter.State is { } stateAttribute)
            {
                var storage = stateAttribute.StorageName is null
                    ? services.GetRequiredService<IGrainStorage>()
                    : services.GetRequiredKeyedService<IGrainStorage>(stateAttribute.StorageName);
                var state = (IActivationState)Activator.CreateInstance(
                    typeof(PersistentState<>).MakeGenericType(parameter.StateType!),
                    activation, stateAttribute.StateName, storage, serializer)!;
                states.Add(state);
                arguments[i] = state;
            }
            else
            {
                arguments[i] = services.GetRequiredService(parameter.Type);
            }
        }

        var previous = ActivationData.Constructing;
        ActivationData.Constructing = activation;
        try
        {
            return (plan.Constructor.Invoke(arguments), states);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
        finally
        {
            ActivationData.Constructing = previous;
        }
    }

    private sealed record ParameterPlan(Type Type, PersistentStateAttribute? State, Type? StateType);

    private sealed record ConstructionPlan(ConstructorInfo Constructor, ParameterPlan[] Parameters)
    {
        public static ConstructionPlan For(Type type)
        {
            var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
            if (constructors.Length != 1)
            {
                throw new InvalidOperationException($"Grain class {type} must have exactly one public constructor; it has {constructors.Length}.");
            }

            var parameters = constructors[0].GetParameters().Select(p =>
            {
                var state = p.GetCustomAttribute<PersistentStateAttribute>();
                if (state is null)
                {
                    return new ParameterPlan(p.ParameterType, null, null);
                }

                if (!p.ParameterType.IsGenericType || p.ParameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                {
                    throw new InvalidOperationException(
                        $"Parameter '{p.Name}' of {type} has [PersistentState] but is not an IPersistentState<T>.");
                }

                var stateType = p.ParameterType.GetGenericArguments()[0];
                if (stateType.GetConstructor(Type.EmptyTypes) is null && !stateType.IsValueType)
                {
                    throw new InvalidOperationException(
                        $"State type {stateType} of {type} needs a public parameterless constructor for its initial value.");
                }

                return new ParameterPlan(p.ParameterType, state, stateType);
            }).ToArray();

            return new ConstructionPlan(constructors[0], parameters);
        }
    }
}
