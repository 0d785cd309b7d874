#ifndef MOTCUA_CLIBXML2_SHIM_H
#define MOTCUA_CLIBXML2_SHIM_H
/* libxml2 and libxmlsec1 for MotCuaXML, the only Swift target that sees these types.
 *
 * Debian's libxml2 headers pull in ICU, whose module clashes with Foundation's: undefine the
 * switch right after xmlversion.h. xmlFree is a global function pointer that Swift 6 rejects
 * as shared mutable state, so it is wrapped. The parse guard below is how untrusted input is
 * kept in bounds: a DOCTYPE stops the parser before any entity is declared (no external
 * entity, no expansion bomb), and depth and attribute count are checked as each start tag
 * is reported, before the tree grows. */
/* A call to an undeclared function would be compiled as returning int and truncate a pointer
 * (it did once: a missing evp.h); make it an error instead. */
#pragma clang diagnostic error "-Wimplicit-function-declaration"
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/SAX2.h>
#include <string.h>

/* The defines `pkg-config --cflags xmlsec1-openssl` gives, which SwiftPM drops (it keeps only
 * -I): without them xmlSecSize has the wrong width and no crypto backend is selected. */
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T
#endif
#define XMLSEC_OPENSSL3_ENGINES 1
#define XMLSEC_NO_GOST 1
#define XMLSEC_NO_GOST2012 1
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#define XMLSEC_CRYPTO_OPENSSL 1
#define __XMLSEC_FUNCTION__ __func__
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/openssl/evp.h>
#include <openssl/x509.h>

static inline void mc_xml_free(void *p) { xmlFree(p); }

/* Why the guard stopped the parser (0: it did not). */
enum { MC_STOP_NONE = 0, MC_STOP_DTD = 1, MC_STOP_DEPTH = 2, MC_STOP_ATTRIBUTES = 3 };

typedef struct {
    int max_depth;
    int max_attributes;
    int stop_reason;
    int stop_line;
    int stop_column;
    /* The first error that is not a namespace warning, with its position. */
    int error_code;
    int error_line;
    int error_column;
    char error_message[320];
    /* Namespace problems (undeclared prefixes), counted; their nodes stay in the tree. */
    int namespace_errors;
    int namespace_line;
    int namespace_column;
    char namespace_message[320];
} mc_xml_guard;

static inline void mc_guard_stop(xmlParserCtxtPtr c, int reason) {
    mc_xml_guard *g = (mc_xml_guard *)c->_private;
    if (g->stop_reason == MC_STOP_NONE) {
        g->stop_reason = reason;
        g->stop_line = c->input ? c->input->line : 0;
        g->stop_column = c->input ? c->input->col : 0;
    }
    xmlStopParser(c);
}

static void mc_guard_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                     const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    mc_guard_stop((xmlParserCtxtPtr)ctx, MC_STOP_DTD);
}

static void mc_guard_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                   const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                                   int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    xmlParserCtxtPtr c = (xmlParserCtxtPtr)ctx;
    mc_xml_guard *g = (mc_xml_guard *)c->_private;
    if (c->nameNr + 1 > g->max_depth) { mc_guard_stop(c, MC_STOP_DEPTH); return; }
    if (nb_attributes + nb_namespaces > g->max_attributes) { mc_guard_stop(c, MC_STOP_ATTRIBUTES); return; }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
}

static void mc_guard_error(void *ctx, xmlErrorPtr e) {
    xmlParserCtxtPtr c = (xmlParserCtxtPtr)ctx;
    mc_xml_guard *g = (mc_xml_guard *)c->_private;
    if (e == NULL || g == NULL) return;
    if (e->domain == XML_FROM_NAMESPACE) {
        if (g->namespace_errors++ == 0) {
            g->namespace_line = e->line;
            g->namespace_column = e->int2;
            strncpy(g->namespace_message, e->message ? e->message : "", sizeof g->namespace_message - 1);
        }
        return;
    }
    if (e->level == XML_ERR_WARNING || g->error_code != 0) return;
    g->error_code = e->code;
    g->error_line = e->line;
    g->error_column = e->int2;
    strncpy(g->error_message, e->message ? e->message : "", sizeof g->error_message - 1);
}

/* A parser context whose callbacks enforce the guard. Free with xmlFreeParserCtxt. */
static inline xmlParserCtxtPtr mc_guarded_context(mc_xml_guard *g) {
    xmlParserCtxtPtr c = xmlNewParserCtxt();
    if (c == NULL) return NULL;
    c->_private = g;
    c->sax->internalSubset = mc_guard_internal_subset;
    c->sax->startElementNs = mc_guard_start_element;
    c->sax->serror = mc_guard_error;
    return c;
}

/* External entities are never fetched, whatever options a caller passes. */
static xmlParserInputPtr mc_refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static inline void mc_xml_init(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(mc_refuse_external);
}

/* xmlsec prints to stderr by default; motcua reports the reason itself. */
static void mc_xmlsec_quiet(const char *file, int line, const char *func, const char *object,
                            const char *subject, int reason, const char *msg) {
    (void)file; (void)line; (void)func; (void)object; (void)subject; (void)reason; (void)msg;
}

/* 0 when xmlsec and its OpenSSL backend are ready. */
static inline int mc_xmlsec_init(void) {
    mc_xml_init();
    if (xmlSecInit() < 0) return -1;
    if (xmlSecCheckVersion() != 1) return -2;
    if (xmlSecCryptoAppInit(NULL) < 0) return -3;
    if (xmlSecCryptoInit() < 0) return -4;
    xmlSecErrorsSetCallback(mc_xmlsec_quiet);
    return 0;
}

static inline xmlSecTransformId mc_transform_exc_c14n(void) { return xmlSecTransformExclC14NId; }
static inline xmlSecTransformId mc_transform_c14n(void) { return xmlSecTransformInclC14NId; }
static inline xmlSecTransformId mc_transform_enveloped(void) { return xmlSecTransformEnvelopedId; }
static inline xmlSecTransformId mc_transform_rsa_sha256(void) { return xmlSecTransformRsaSha256Id; }
static inline xmlSecTransformId mc_transform_sha256(void) { return xmlSecTransformSha256Id; }
static inline xmlSecKeyDataId mc_key_data_x509(void) { return xmlSecKeyDataX509Id; }
static inline const xmlChar *mc_dsig_ns(void) { return xmlSecDSigNs; }
static inline const xmlChar *mc_node_signature(void) { return xmlSecNodeSignature; }
static inline xmlSecKeysMngrPtr mc_keys_manager(void) {
    xmlSecKeysMngrPtr m = xmlSecKeysMngrCreate();
    if (m == NULL) return NULL;
    if (xmlSecCryptoAppDefaultKeysMngrInit(m) < 0) { xmlSecKeysMngrDestroy(m); return NULL; }
    return m;
}

/* The subject of the certificate that came with the key, one line; 0 when there is none. */
static inline int mc_key_subject(xmlSecKeyPtr key, char *out, int size) {
    if (key == NULL || size <= 0) return 0;
    xmlSecKeyDataPtr data = xmlSecKeyGetData(key, xmlSecKeyDataX509Id);
    if (data == NULL) return 0;
    X509 *cert = xmlSecOpenSSLKeyDataX509GetKeyCert(data);
    if (cert == NULL) return 0;
    X509_NAME_oneline(X509_get_subject_name(cert), out, size);
    return 1;
}

/* How many SignedInfo references did not verify (digest mismatch: the content changed). */
static inline int mc_failed_references(xmlSecDSigCtxPtr ctx) {
    int failed = 0;
    xmlSecSize n = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
    for (xmlSecSize i = 0; i < n; i++) {
        xmlSecDSigReferenceCtxPtr r = (xmlSecDSigReferenceCtxPtr)xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
        if (r != NULL && r->status != xmlSecDSigStatusSucceeded) failed++;
    }
    return failed;
}

/* The crypto-app calls are macros over the backend's functions; these name them for Swift. */
static inline int mc_trust_certificate(xmlSecKeysMngrPtr m, const char *path) {
    return xmlSecCryptoAppKeysMngrCertLoad(m, path, xmlSecKeyDataFormatPem, xmlSecKeyDataTypeTrusted);
}
static inline xmlSecKeyPtr mc_load_signing_key(const char *key_path, const char *cert_path) {
    xmlSecKeyPtr key = xmlSecCryptoAppKeyLoad(key_path, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
    if (key == NULL) return NULL;
    if (xmlSecCryptoAppKeyCertLoad(key, cert_path, xmlSecKeyDataFormatPem) < 0) { xmlSecKeyDestroy(key); return NULL; }
    /* xmlsec would sign with a certificate of another key; the receiver could never verify. */
    xmlSecKeyDataPtr x509 = xmlSecKeyGetData(key, xmlSecKeyDataX509Id);
    X509 *cert = NULL;
    if (x509 != NULL) cert = xmlSecOpenSSLKeyDataX509GetKeyCert(x509);
    if (x509 != NULL && cert == NULL && xmlSecOpenSSLKeyDataX509GetCertsSize(x509) > 0) cert = xmlSecOpenSSLKeyDataX509GetCert(x509, 0);
    EVP_PKEY *pkey = xmlSecOpenSSLEvpKeyDataGetEvp(xmlSecKeyGetValue(key));
    if (cert == NULL || pkey == NULL || X509_check_private_key(cert, pkey) != 1) { xmlSecKeyDestroy(key); return NULL; }
    return key;
}

static inline void mc_dont_verify_certificates(xmlSecDSigCtxPtr ctx) {
    ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
}

#endif
