package io.walchan.cdi;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/** Reads what walchan-cdi needs from an {@link InjectionPoint}: qualifier, role, message type, name. */
final class InjectionPoints {

    private InjectionPoints() {
    }

    /** @return the point's {@link WalChannel} qualifier, or null */
    static WalChannel qualifier(InjectionPoint ip) {
        for (Annotation a : ip.getQualifiers()) {
            if (a instanceof WalChannel) {
                return (WalChannel) a;
            }
        }
        return null;
    }

    /** @return the injected type, with {@code Instance<X>} and {@code Provider<X>} unwrapped to X */
    static Type injectedType(InjectionPoint ip) {
        return unwrap(ip.getType());
    }

    /** @return X for {@code Instance<X>} and {@code Provider<X>}, else {@code type} */
    static Type unwrap(Type type) {
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            if (p.getRawType() == Instance.class || p.getRawType() == Provider.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        return type;
    }

    /** @return the raw class of {@code type}, or null for a type variable or wildcard */
    static Class<?> rawType(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() instanceof Class) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        return null;
    }

    /**
     * @param injected {@code Sender<T>}, {@code SyncSender<T>} or {@code Receiver<T>}
     * @return T
     * @throws IllegalArgumentException if T is missing (raw type), a wildcard, or holds a
     *     type variable: the JSON codec needs a concrete type
     */
    static Type messageType(Type injected) {
        String name = rawType(injected) == null ? injected.getTypeName() : rawType(injected).getSimpleName();
        if (!(injected instanceof ParameterizedType)) {
            throw new IllegalArgumentException("the raw type " + name + " has no message type; give one, e.g. "
                    + name + "<Order>, so that messages can be decoded");
        }
        Type t = ((ParameterizedType) injected).getActualTypeArguments()[0];
        checkConcrete(name, t);
        return t;
    }

    /**
     * @param name the injected interface, for the message
     * @param t a message type
     * @throws IllegalArgumentException if {@code t} is a wildcard or holds a type variable
     */
    static void checkConcrete(String name, Type t) {
        if (t instanceof WildcardType) {
            throw new IllegalArgumentException(name + "<" + t.getTypeName() + "> has a wildcard message type; give a"
                    + " concrete type, e.g. " + name + "<Order>, so that messages can be decoded");
        }
        if (hasTypeVariable(t)) {
            throw new IllegalArgumentException(name + "<" + t.getTypeName() + "> has a type variable in its message"
                    + " type; give a concrete type, e.g. " + name + "<Order>, or use WalChannels in code");
        }
    }

    private static boolean hasTypeVariable(Type t) {
        if (t instanceof TypeVariable) {
            return true;
        }
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            for (Type arg : p.getActualTypeArguments()) {
                if (hasTypeVariable(arg)) {
                    return true;
                }
            }
            return p.getOwnerType() != null && hasTypeVariable(p.getOwnerType());
        }
        if (t instanceof GenericArrayType) {
            return hasTypeVariable(((GenericArrayType) t).getGenericComponentType());
        }
        if (t instanceof WildcardType) {
            WildcardType w = (WildcardType) t;
            for (Type b : w.getUpperBounds()) {
                if (hasTypeVariable(b)) {
                    return true;
                }
            }
            for (Type b : w.getLowerBounds()) {
                if (hasTypeVariable(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return where the injection point is, e.g. {@code com.acme.Shop.orders} or {@code com.acme.Shop(parameter 1)} */
    static String describe(InjectionPoint ip) {
        Annotated annotated = ip.getAnnotated();
        Member member = ip.getMember();
        String owner = member == null ? "?" : member.getDeclaringClass().getName();
        if (annotated instanceof AnnotatedField) {
            return "field " + owner + "." + member.getName();
        }
        if (annotated instanceof AnnotatedParameter && member != null) {
            int position = ((AnnotatedParameter<?>) annotated).getPosition();
            String callable = member instanceof java.lang.reflect.Constructor ? owner + "(constructor)"
                    : owner + "." + member.getName() + "()";
            return "parameter " + position + " of " + callable;
        }
        return String.valueOf(ip);
    }
}
