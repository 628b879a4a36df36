using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>Lowering of calls: elementary functions, [Differentiable] callees, calls held constant.</summary>
    internal sealed partial class MethodLowering
    {
        private Expr? LowerInvocation(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.MethodKind is MethodKind.LocalFunction)
            {
                return LowerLocalFunctionCall(invocation);
            }

            if (target.MethodKind is MethodKind.DelegateInvoke || target.MethodKind is MethodKind.FunctionPointerSignature)
            {
                return Unsupported(invocation, "calls through delegates have no derivative GradGen knows; call a [Differentiable] method directly");
            }

            if (target.ContainingType is { } type && SymbolFacts.IsNamed(type, SymbolFacts.GradientsTypeName) && target.Name == "WithoutDerivative" && invocation.Arguments.Length == 1)
            {
                // The user holds this value constant on purpose: what is inside needs no derivative, so
                // nothing inside it is reported as lacking one.
                _heldConstant++;
                Expr? held = LowerExpression(invocation.Arguments[0].Value);
                _heldConstant--;
                return held is null ? null : new StopGradient(held);
            }

            if (_thisModel is not null && _heldConstant == 0 && !target.IsStatic && invocation.Instance is IInstanceReferenceOperation)
            {
                // Differentiated with respect to this: a call on the instance would read its members where GradGen does not see.
                return ModelUsedWhole(invocation, "this", "this");
            }

            if (LowerGridCall(invocation) is { } dimension) return dimension;
            if (TryLowerLinq(invocation, out Expr? query)) return query;
            if (PassesModelValues(target) && _calls.Custom(_cancellationToken).Of(target) is null) return LowerMemberwiseCall(invocation, target);

            List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(invocation);
            if (arguments is null) return null;
            Expr[] args = arguments.Select(a => a.Value!).ToArray();

            if (_calls.Custom(_cancellationToken).Of(target) is { } custom)
            {
                return LowerCustomDerivativeCall(invocation, target, args, custom);
            }

            if (SymbolFacts.IsGenericMathMember(target) && target.Name is "CreateChecked" or "CreateTruncating" or "CreateSaturating" && args.Length == 1
                && SymbolFacts.Classify(target.ReturnType) is { IsReal: true } converted)
            {
                return LowerGenericConversion(invocation, args[0], converted);
            }

            if (SymbolFacts.ElementaryFunctionOwner(target.ContainingType) is { } owner && LowerIntrinsic(invocation, target, args, owner) is { } intrinsic)
            {
                return intrinsic;
            }

            if (SymbolFacts.IsDifferentiable(target) || SymbolFacts.IsImplicitCandidate(target) && _calls.IsInSource(target.OriginalDefinition))
            {
                return LowerDifferentiableCall(invocation, target, args);
            }

            return LowerOpaqueCall(invocation, target, args);
        }

        /// <summary><c>Math.SinCos(x)</c> (or <c>MathF.</c>, <c>double.</c>, <c>float.</c>), or null.</summary>
        private static IInvocationOperation? SinCosCall(IOperation? operation) =>
            operation is IInvocationOperation { TargetMethod: { Name: "SinCos", Parameters.Length: 1 } target } call
                && SymbolFacts.ElementaryFunctionOwner(target.ContainingType) is not null
                ? call
                : null;

        /// <summary>The position of a tuple element's field (0 for <c>Item1</c> or its name), or null for other fields.</summary>
        private static int? TupleElement(IFieldSymbol field) =>
            !field.ContainingType.IsTupleType ? null
            : (field.CorrespondingTupleField ?? field).Name switch
            {
                "Item1" => 0,
                "Item2" => 1,
                _ => null,
            };

        /// <summary>Element <paramref name="element"/> (0: Sin, 1: Cos) of a SinCos call, its argument lowered (and
        /// given back in <paramref name="argument"/>), or null after reporting why not.</summary>
        private Expr? LowerSinCosElement(IInvocationOperation call, int element, out Expr? argument, Expr? loweredArgument = null)
        {
            argument = loweredArgument;
            if (argument is null)
            {
                List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(call);
                if (arguments is null) return null;
                argument = arguments[0].Value!;
            }

            IMethodSymbol target = call.TargetMethod;
            if (SymbolFacts.Classify(target.Parameters[0].Type) is not { IsReal: true } type
                || ElementaryFunctions.FindElement(target.Name, element == 0 ? "Sin" : "Cos", SymbolFacts.ElementaryFunctionOwner(target.ContainingType)!.Value, new[] { argument }) is not { } function)
            {
                return Unsupported(call, "only SinCos of a double or a float is supported");
            }

            return new Call(function.Id, EquatableArray.Create(argument), type);
        }

        /// <summary>
        /// <c>var (s, c) = Math.SinCos(x);</c> (or <c>(s, c) = ...</c> into locals, with <c>_</c> for an element not
        /// needed) as two statements, each computing its element of the same call. Returns false, reporting
        /// nothing, for any other deconstruction.
        /// </summary>
        private bool LowerSinCosDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output)
        {
            if (SinCosCall(deconstruction.Value) is not { } call) return false;
            IOperation target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            if (target is not ITupleOperation { Elements.Length: 2 } tuple) return false;
            var elements = new List<IOperation?>();
            foreach (IOperation element in tuple.Elements)
            {
                IOperation e = element is IDeclarationExpressionOperation declared ? declared.Expression : element;
                switch (e)
                {
                    case IDiscardOperation:
                        elements.Add(null);
                        break;
                    case ILocalReferenceOperation { Local: { IsRef: false } local } when SymbolFacts.Classify(local.Type) is { IsReal: true }:
                        elements.Add(e);
                        break;
                    case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } when SymbolFacts.Classify(parameter.Type) is { IsReal: true }:
                        elements.Add(e);
                        break;
                    default:
                        return false;
                }
            }

            // When the argument cannot be lowered (reported already), the locals it would declare are rejected
            // too, so that their uses report nothing more.
            bool Rejected()
            {
                foreach (IOperation? e in elements)
                {
                    if (e is ILocalReferenceOperation { IsDeclaration: true } declared) _rejectedLocals.Add(declared.Local);
                }

                return true;
            }

            List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(call);
            if (arguments is null) return Rejected();
            Expr argument = Hoist(arguments[0].Value!, output);

            // C# computes the pair before it assigns either element: an argument that reads a variable the
            // deconstruction assigns is read into a local first.
            bool readsTarget = elements.Any(e => (e is ILocalReferenceOperation { IsDeclaration: false } l ? l.Local : (ISymbol?)(e as IParameterReferenceOperation)?.Parameter) is { } symbol
                && _variables.TryGetValue(symbol, out Variable? v) && v is not null && IrWalker.ReadsVariable(argument, v));
            if (argument is not (VarRef or RealConst or IntConst) || readsTarget)
            {
                var temporary = new Variable(_nextId++, NextTempName("_angle"), argument.Type, VariableKind.Synthetic);
                output.Add(new Declare(temporary, argument));
                argument = new VarRef(temporary);
            }

            for (int k = 0; k < 2; k++)
            {
                if (elements[k] is not { } element) continue;
                if (LowerSinCosElement(call, k, out _, argument) is not { } value) return Rejected();
                // An element converted on the way (a float element into a double local) is converted in the IR too.
                Expr Converted(TypeRef type) => value.Type == type ? value : new Cast(value, type, IsImplicit: true);
                if (element is ILocalReferenceOperation { IsDeclaration: true } reference)
                {
                    var variable = new Variable(_nextId++, reference.Local.Name, SymbolFacts.Classify(reference.Local.Type)!.Value, VariableKind.Local);
                    _variables[reference.Local] = variable;
                    output.Add(new Declare(variable, Converted(variable.Type)));
                }
                else if (LowerTarget(element) is { } assigned)
                {
                    output.Add(new Assign(assigned, Converted(assigned.Type)));
                }
            }

            return true;
        }

        /// <summary><c>T.CreateChecked(2.0)</c>, <c>T.CreateTruncating(n)</c>, ... of a floating-point type parameter: a constant of T,
        /// converted at run time as the user's code converts it. Its argument must not vary (GG0029): the conversion is held constant.</summary>
        private Expr LowerGenericConversion(IInvocationOperation invocation, Expr argument, TypeRef type)
        {
            if (argument is RealConst { Symbol: null } r) return RealConst.Of(r.Value, type.Scalar);
            if (argument is IntConst i && (i.Kind != ScalarKind.UInt64 || i.Value >= 0) && System.Math.Abs(i.Value) <= 1L << 53) return RealConst.Of(i.Value, type.Scalar);
            // An integer has no derivative to lose (a step of a differentiable value, T.CreateChecked(T.Sign(x)), is GG1001's).
            if (!argument.Type.IsReal) return new Cast(argument, type, IsImplicit: false);
            Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.GenericConversionOfDifferentiableValue, null,
                new object[] { Abbreviate(invocation.Syntax), invocation.TargetMethod.ReturnType.ToDisplayString() }, argument);
            return new Cast(argument, type, IsImplicit: false);
        }

        private Expr? LowerIntrinsic(IInvocationOperation invocation, IMethodSymbol target, Expr[] args, Owners owner)
        {
            TypeRef? type = SymbolFacts.Classify(target.ReturnType);
            if (type is not { IsScalar: true } resultType) return null;
            if (ElementaryFunctions.Find(target.Name, owner, args) is not { } function) return null;

            var call = new Call(function.Id, args.ToEquatableArray(), resultType);
            string display = target.ContainingType.Name + "." + target.Name;
            if (function.Smoothness == Smoothness.Step)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.ZeroDerivative, null, new object[] { display }, args[0]);
            }
            else if (function.Smoothness == Smoothness.Kink)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.Kink, null, new object[] { display }, args);
            }

            return call;
        }

        private Expr? LowerDifferentiableCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            IMethodSymbol callee = target.OriginalDefinition;

            // A method that calls itself (NormCdf(-x) inside NormCdf) is differentiated through its own pullback, which
            // calls itself as the method does: it exists exactly when the method has no errors, which the method's own
            // diagnostics then say. Recursion through other methods is an error: a callee settled while this method is
            // still being lowered would assume a pullback that may never be generated.
            bool callsItself = SymbolEqualityComparer.Default.Equals(callee, _method.OriginalDefinition);
            if (!callsItself && _calls.Reaches(callee, _method.OriginalDefinition, _cancellationToken))
            {
                Report(DiagnosticDescriptors.Recursion, invocation.Syntax.GetLocation(), _method.Name, target.Name);
                return null;
            }

            // A generic callee (LogCosh<T>(x) of a generic caller, Activation<double>(x) of a double one): its generated members
            // are generic too and are called with the same type arguments.
            var typeArguments = new List<TypeName>();
            foreach (ITypeSymbol typeArgument in target.TypeArguments)
            {
                if (NameOf(typeArgument, invocation.Syntax) is not { } name) return null;
                typeArguments.Add(name);
            }

            // A callee compiled elsewhere (a referenced project or assembly) is differentiable when its
            // pullback was generated there; without one, it is a constant if it has no differentiable
            // parameters, and otherwise it had errors (or was not built with GradGen).
            bool isImplicit = !SymbolFacts.IsDifferentiable(target);
            CalleeStatus status = callsItself ? CalleeStatus.Differentiable
                : _calls.IsInSource(callee)
                ? _calls.Status(callee, _cancellationToken)
                : _calls.GeneratedDerivative(target, "Pullback", _method.ContainingType) is not null ? CalleeStatus.Differentiable
                : target.Parameters.Any(SymbolFacts.IsDifferentiableParameter) ? CalleeStatus.Invalid
                : CalleeStatus.Constant;
            if (status == CalleeStatus.Invalid && isImplicit)
            {
                // A helper GradGen cannot differentiate is still an ordinary call where its arguments are constants;
                // where one varies, the call is an error that names the helper's first problem, and each of the
                // helper's errors is reported where it stands.
                Diagnostic[] calleeErrors = _calls.ResultOf(callee)?.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray() ?? Array.Empty<Diagnostic>();
                _heldConstant++;
                Expr? constant = BuildOpaqueCall(invocation, target, args, SymbolFacts.Classify(target.ReturnType) ?? TypeRef.Double, checkDerivative: false);
                _heldConstant--;
                if (constant is null) return null;
                var dependsOn = new List<Expr>(args);
                if (constant is OpaqueCall { Receiver: { } r }) dependsOn.Add(r);
                if (Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.CalleeHasErrors, null, new object[] { target.Name, FirstProblem(calleeErrors) }, dependsOn.ToArray()) is { } check)
                {
                    check.AlsoWhenVaried = calleeErrors;
                }
                return constant;
            }

            if (status == CalleeStatus.Invalid)
            {
                Report(DiagnosticDescriptors.CalleeHasErrors, invocation.Syntax.GetLocation(), target.Name, FirstProblem(_calls.ResultOf(callee)?.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray()));
                return null;
            }

            WarnOfArgumentsHeldConstant(invocation, target, args);
            if (status == CalleeStatus.Constant)
            {
                // No differentiable parameters: every argument it takes is held constant by its own
                // declaration, so its result is a constant here too.
                _heldConstant++;
                Expr? constant = BuildOpaqueCall(invocation, target, args, SymbolFacts.Classify(target.ReturnType) ?? TypeRef.Double);
                _heldConstant--;
                return constant;
            }

            TypeRef? resultType = SymbolFacts.Classify(target.ReturnType);
            if (resultType is not { IsReal: true })
            {
                return Unsupported(invocation, "the callee must return double or float");
            }

            if (!target.IsStatic && !callsItself && (SymbolFacts.WithRespectToThis(callee) ?? (callee.PartialDefinitionPart is { } part ? SymbolFacts.WithRespectToThis(part) : null)) is not null)
            {
                // Its pullback adds into the derivative of the instance it is called on, and an instance this method holds
                // constant has none: an ordinary call where its arguments are constants, an error where one varies.
                _heldConstant++;
                Expr? constant = BuildOpaqueCall(invocation, target, args, resultType.Value, checkDerivative: false);
                _heldConstant--;
                if (constant is null) return null;
                string why = "'" + target.Name + "' is differentiated with respect to this (WithRespectToThis = true), and this method does not differentiate the instance it is called on, "
                    + "so its derivative has no place to go; move the computation into a static method that takes the instance as a parameter (mark it [NoDerivative] here to hold the instance constant), "
                    + "or call a method of the instance that is not WithRespectToThis";
                var dependsOn = new List<Expr>(args);
                if (constant is OpaqueCall { Receiver: { } r }) dependsOn.Add(r);
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.UnsupportedExpression, null, new object[] { Abbreviate(invocation.Syntax), why }, dependsOn.ToArray());
                return constant;
            }

            if (!CalleeReceiver(invocation, target, out Expr? receiver, out TypeName? owner)) return null;
            if (CalleeParameters(invocation, target, args) is not { } parameters) return null;
            var call = new DiffCall(receiver, owner, target.Name, parameters.ToEquatableArray(), args.ToEquatableArray(), resultType.Value, CalleeTangentCanBeInfinite(callee, callsItself))
            {
                TypeArguments = typeArguments.ToEquatableArray(),
            };
            _callLocations.Add((call, invocation.Syntax.GetLocation()));
            if (!callsItself) NoteDifferentiableCall(call, callee, invocation.Syntax.GetLocation());
            if (isImplicit && _calls.IsInSource(callee) && _calls.ResultOf(callee)?.Model is { } calleeModel)
            {
                _implicitCalls.Add(call);
                AddImplicitCallee(calleeModel);
            }

            return call;
        }

        /// <summary>What a differentiable call is made on: the callee's type for a static callee (<paramref name="owner"/>), else
        /// the instance (<paramref name="receiver"/>, <c>this</c> when implicit); false after reporting why it cannot be named.</summary>
        private bool CalleeReceiver(IInvocationOperation invocation, IMethodSymbol target, out Expr? receiver, out TypeName? owner)
        {
            receiver = null;
            owner = null;
            if (target.IsStatic)
            {
                owner = NameOf(target.ContainingType, invocation.Syntax);
                return owner is not null;
            }

            receiver = invocation.Instance is null or IInstanceReferenceOperation ? new ThisRef(_thisType) : LowerExpression(invocation.Instance);
            return receiver is not null;
        }

        /// <summary>The callee's parameters as its derivatives take them, or null after reporting an argument a
        /// differentiable parameter cannot take (an expression where a grid or sequence must be a variable).</summary>
        private List<CalleeParameter>? CalleeParameters(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            var parameters = new List<CalleeParameter>();
            bool ok = true;
            for (int i = 0; i < target.Parameters.Length; i++)
            {
                IParameterSymbol p = target.Parameters[i];
                bool differentiable = SymbolFacts.IsDifferentiableParameter(p);
                if (!differentiable && SymbolFacts.IsDifferentiable(target) && ModelTypes.IsModelParameter(p))
                {
                    Unsupported(invocation, "calls to a [Differentiable] method that takes a model-type parameter ('" + p.Name
                        + "') are not differentiated; call a method that takes its members as double, float or array parameters");
                    return null;
                }

                if (PassiveType(p.Type, invocation.Syntax) is not { } type) return null;
                parameters.Add(new CalleeParameter(p.Name, type, differentiable));
                if (differentiable && type.IsGrid && i < args.Length && args[i] is not VarRef)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax.GetLocation(),
                        Abbreviate(invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax), "pass a jagged or two-dimensional array parameter here, so that its derivative has a place to go");
                    ok = false;
                }

                if (differentiable && type.IsSequence && i < args.Length && SequenceArgumentProblem(args[i]) is { } problem)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax.GetLocation(),
                        Abbreviate(invocation.Arguments.First(a => a.Parameter?.Ordinal == i).Syntax), problem);
                    ok = false;
                }
            }

            return ok ? parameters : null;
        }

        /// <summary>The calls to helpers differentiated without [Differentiable] (by reference): one inside ?:, &amp;&amp; or ||
        /// is an ordinary call where its arguments are constants.</summary>
        private readonly HashSet<DiffCall> _implicitCalls = new(ReferenceEquality<DiffCall>.Instance);

        /// <summary>The helpers this method reaches, by hint name, each without callees of its own (they are listed here).</summary>
        private readonly SortedDictionary<string, MethodModel> _implicitCallees = new(StringComparer.Ordinal);

        private void AddImplicitCallee(MethodModel callee)
        {
            _implicitCallees[callee.HintName] = callee.ImplicitCallees.IsEmpty ? callee : callee with { ImplicitCallees = EquatableArray<MethodModel>.Empty };
            foreach (MethodModel reached in callee.ImplicitCallees) _implicitCallees[reached.HintName] = reached;
        }

        /// <summary>The first of a callee's errors, as a reason the caller's message can quote: its message and line.</summary>
        private static string FirstProblem(Diagnostic[]? errors)
        {
            if (errors is not { Length: > 0 }) return "it has errors";
            Diagnostic first = errors[0];
            string message = first.GetMessage(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('.');
            FileLinePositionSpan span = first.Location.GetLineSpan();
            return span.IsValid ? message + " (line " + (span.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : message;
        }

        /// <summary>GG1006 at each argument that varies with the differentiable parameters but goes to a parameter
        /// the callee marks [NoDerivative]: nothing is held constant without a word.</summary>
        private void WarnOfArgumentsHeldConstant(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } p || p.Ordinal >= args.Length || !SymbolFacts.HasNoDerivative(p)) continue;
                if (!SymbolFacts.IsDifferentiableType(SymbolFacts.Classify(p.Type))) continue;
                Pending(argument.Value.Syntax.GetLocation(), DiagnosticDescriptors.ArgumentHeldConstant, null,
                    new object[] { Abbreviate(argument.Value.Syntax), target.Name, p.Name }, args[p.Ordinal]);
            }
        }

        private static bool IsSequenceVariable(Expr e) => e switch
        {
            VarRef v => v.Type.IsSequence,
            ElementAccess { Sequence: VarRef { Type.Shape: Shape.Jagged } } => true, // a row of a jagged array: its adjoint is a row too

            Cast c => IsSequenceVariable(c.Operand),
            _ => false,
        };

        private Expr? LowerOpaqueCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args)
        {
            if (target.ReturnsByRef || target.ReturnsByRefReadonly || target.ReturnType.IsRefLikeType && SymbolFacts.Classify(target.ReturnType) is null
                || target.ReturnType is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                return Unsupported(invocation, "calls returning '" + target.ReturnType.ToDisplayString() + "' are not supported");
            }

            return PassiveType(target.ReturnType, invocation.Syntax) is { } resultType ? BuildOpaqueCall(invocation, target, args, resultType) : null;
        }

        private Expr? LowerCallForEffect(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.MethodKind is MethodKind.LocalFunction or MethodKind.DelegateInvoke || SymbolFacts.IsDifferentiable(target))
            {
                return Unsupported(invocation, "this call has no effect GradGen can reproduce");
            }

            List<(IArgumentOperation Argument, Expr? Value)>? arguments = LowerArguments(invocation);
            if (arguments is null) return null;
            return BuildOpaqueCall(invocation, target, arguments.Select(a => a.Value!).ToArray(), new TypeRef(ScalarKind.Other, Shape.Scalar, TypeName.Void));
        }

        /// <summary>An ordinary call in the IR. Unless <paramref name="checkDerivative"/> is false (the caller reports what
        /// it needs itself), a real result that varies is GG0006 and a conversion of a varying value GG0008.</summary>
        private Expr? BuildOpaqueCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args, TypeRef resultType, bool checkDerivative = true)
        {
            var typeArguments = new List<TypeName>();
            foreach (ITypeSymbol typeArgument in target.TypeArguments)
            {
                if (NameOf(typeArgument, invocation.Syntax) is not { } name) return null;
                typeArguments.Add(name);
            }

            Expr? receiver = null;
            TypeName? owner = null;
            if (SymbolFacts.IsGenericMathMember(target))
            {
                // A static member of T's interfaces is called on T (T.IsNaN(x)); C# cannot call it through the interface.
                owner = GenericScalarName.Instance;
            }
            else if (target.IsStatic || invocation.Instance is null)
            {
                owner = NameOf(target.ContainingType, invocation.Syntax);
                if (owner is null) return null;
            }
            else if (invocation.Instance is IInstanceReferenceOperation)
            {
                receiver = new ThisRef(_thisType);
            }
            else
            {
                receiver = LowerExpression(invocation.Instance);
                if (receiver is null) return null;
            }

            var dependsOn = new List<Expr>(args);
            if (receiver is not null) dependsOn.Add(receiver);
            string display = target.ContainingType.Name + "." + target.Name;
            if (!checkDerivative)
            {
                // The caller decides what a varying argument means here.
            }
            else if (resultType.IsReal || resultType.IsRealSequence)
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.CallWithoutDerivative, null, new object[] { display, WhatToDoWithoutDerivative(target) }, dependsOn.ToArray());
            }
            else if (resultType.IsIntegral || resultType.Scalar == ScalarKind.Other && resultType.OtherName != TypeName.Void
                || SymbolFacts.IsNamed(target.ContainingType, "System.BitConverter") || SymbolFacts.IsNamed(target.ContainingType, "System.Convert"))
            {
                Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.ActiveValueConversion, null,
                    new object[] { Abbreviate(invocation.Syntax), target.ReturnType.ToDisplayString() }, dependsOn.ToArray());
            }

            return new OpaqueCall(receiver, owner, target.Name, typeArguments.ToEquatableArray(), args.ToEquatableArray(), resultType, IsKnownPure(target));
        }

        /// <summary>GG0006's advice for a call to <paramref name="target"/>: why GradGen does not differentiate it, and what
        /// works instead. A method the user cannot change is never answered with "mark it [Differentiable]".</summary>
        private string WhatToDoWithoutDerivative(IMethodSymbol target)
        {
            const string HoldIt = "wrap the call in Gradients.WithoutDerivative(...) to hold its result constant";
            IMethodSymbol method = target.OriginalDefinition;
            if (!_calls.IsInSource(method))
            {
                string where = method.ContainingAssembly?.Name is { Length: > 0 } assembly ? "'" + assembly + "'" : "another assembly";
                return "it is compiled in " + where + ", where GradGen cannot see its code. Give it a derivative with a [CustomPullback] method (the IDE writes its skeleton), write the computation with functions GradGen knows (Math, MathF, your own methods), or " + HoldIt + ".";
            }

            string why =
                method.IsGenericMethod ? "it is generic and not marked [Differentiable]; mark it [Differentiable] (a generic method over T : IFloatingPointIeee754<T> gets generic members) or write it for double or float"
                : method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface ? "it is virtual or abstract, so which body runs is not known; call a non-virtual method"
                : method.MethodKind != MethodKind.Ordinary ? "it is not an ordinary method; compute the value in a method of the type"
                : SymbolFacts.Classify(method.ReturnType) is { IsSequence: true } ? "it returns '" + method.ReturnType.ToDisplayString() + "', and GradGen writes such a helper where it is called only as the initializer of a local (var e = " + method.Name + "(...);)"
                : SymbolFacts.Classify(method.ReturnType) is not { IsReal: true } ? "it returns '" + method.ReturnType.ToDisplayString() + "'; GradGen differentiates methods that return double or float"
                : "its differentiable values reach it only through parameters GradGen does not differentiate";
            return "GradGen differentiates the methods of your project that a [Differentiable] method calls, but not this one: " + why + ". Otherwise " + HoldIt + ".";
        }

        /// <summary>Methods with no effect but their result: slicing a span, Math and MathF, the static
        /// helpers of primitive types (double.IsNaN, int.Max, ...).</summary>
        private static bool IsKnownPure(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            if (SymbolFacts.IsSystemMath(type) || SymbolFacts.IsGenericMathMember(method)) return true;
            if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Boolean)
            {
                return method.IsStatic;
            }

            return method.Name == "Slice" && type.IsGenericType
                && (SymbolFacts.IsNamed(type.OriginalDefinition, "System.Span`1") || SymbolFacts.IsNamed(type.OriginalDefinition, "System.ReadOnlySpan`1"));
        }
    }
}
