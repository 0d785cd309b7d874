#ifndef MOTCUA_CCURL_SHIM_H
#define MOTCUA_CCURL_SHIM_H
/* Typed wrappers around libcurl's variadic curl_easy_setopt/curl_easy_getinfo, which
 * Swift cannot call. Only the options motcua uses are exposed. */
#include <curl/curl.h>

typedef size_t (*mc_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode mc_set_url(CURL *h, const char *url) { return curl_easy_setopt(h, CURLOPT_URL, url); }
static inline CURLcode mc_set_post(CURL *h, const char *body, long length) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, length);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
}
static inline CURLcode mc_set_headers(CURL *h, struct curl_slist *list) { return curl_easy_setopt(h, CURLOPT_HTTPHEADER, list); }
static inline CURLcode mc_set_timeout_ms(CURL *h, long ms) { return curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms); }
static inline CURLcode mc_set_connect_timeout_ms(CURL *h, long ms) { return curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms); }
static inline CURLcode mc_set_nosignal(CURL *h) { return curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); }
static inline CURLcode mc_set_verify(CURL *h, int on) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, on ? 1L : 0L);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, on ? 2L : 0L);
}
static inline CURLcode mc_set_dns_servers(CURL *h, const char *servers) { return curl_easy_setopt(h, CURLOPT_DNS_SERVERS, servers); }
static inline CURLcode mc_set_ca_file(CURL *h, const char *path) { return curl_easy_setopt(h, CURLOPT_CAINFO, path); }
static inline CURLcode mc_set_protocols_http(CURL *h) { return curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"); }
static inline CURLcode mc_set_write_callback(CURL *h, mc_data_callback f, void *context) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_WRITEDATA, context);
}
static inline CURLcode mc_set_header_callback(CURL *h, mc_data_callback f, void *context) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_HEADERDATA, context);
}
static inline long mc_response_code(CURL *h) {
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
}
static inline int mc_is_timeout(CURLcode c) { return c == CURLE_OPERATION_TIMEDOUT; }

/* SMTP */
static inline CURLcode mc_set_protocols_smtp(CURL *h) { return curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps"); }
static inline CURLcode mc_set_mail_from(CURL *h, const char *from) { return curl_easy_setopt(h, CURLOPT_MAIL_FROM, from); }
static inline CURLcode mc_set_mail_rcpt(CURL *h, struct curl_slist *list) { return curl_easy_setopt(h, CURLOPT_MAIL_RCPT, list); }
static inline CURLcode mc_set_upload(CURL *h, mc_data_callback read, void *context, long length) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (c == CURLE_OK) c = curl_easy_setopt(h, CURLOPT_READFUNCTION, read);
    if (c == CURLE_OK) c = curl_easy_setopt(h, CURLOPT_READDATA, context);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_INFILESIZE, length);
}
/* 0: no TLS upgrade, 1: STARTTLS if offered, 2: STARTTLS required */
static inline CURLcode mc_set_starttls(CURL *h, int level) {
    long v = level == 2 ? (long)CURLUSESSL_ALL : level == 1 ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_NONE;
    return curl_easy_setopt(h, CURLOPT_USE_SSL, v);
}
static inline CURLcode mc_set_login(CURL *h, const char *user, const char *password) {
    CURLcode c = curl_easy_setopt(h, CURLOPT_USERNAME, user);
    return c != CURLE_OK ? c : curl_easy_setopt(h, CURLOPT_PASSWORD, password);
}
#endif
